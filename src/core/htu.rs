//! The `htu` claim (RFC 9449 §4.2): the target URI without query and fragment. We also drop
//! userinfo, lower-case scheme and host and omit the default port, so the server's own
//! normalisation (§4.3 step 9, RFC 3986 §6) always agrees with ours.
//!
//! ```
//! use dpop_spa::core::htu::Htu;
//! let htu = Htu::parse("http://127.0.0.1:80").unwrap();
//! assert_eq!((htu.as_str(), htu.origin()), ("http://127.0.0.1/", "http://127.0.0.1"));
//! ```

use alloc::string::String;
use crate::error::{code, Error};

/// Longest URL we accept; browsers cap around 2 MB but no real API endpoint comes close.
pub const MAX_URL_LEN: usize = 8192;

const BAD_URL: Error = Error::new(code::INVALID_URL, "Expected an absolute http(s) URL");

/// A normalised `htu`: `scheme://host[:port]/path`, with its origin as a prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Htu {
    value: String,
    origin_len: usize,
}

impl Htu {
    /// Parses an absolute `http:` or `https:` URL (as `URL.href` or `Request.url` give it).
    pub fn parse(url: &str) -> Result<Htu, Error> {
        if url.len() > MAX_URL_LEN || url.bytes().any(|b| b <= b' ' || b >= 0x7f) {
            return Err(BAD_URL);
        }
        let (scheme, rest) = cut(url, |b| b == b':').ok_or(BAD_URL)?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(BAD_URL),
        };
        let rest = rest.strip_prefix("//").ok_or(BAD_URL)?;
        let auth_end = position(rest, |b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at_checked(auth_end).ok_or(BAD_URL)?;
        let host_port = match authority.bytes().rposition(|b| b == b'@') {
            Some(at) => authority.get(at + 1..).ok_or(BAD_URL)?,
            None => authority,
        };
        let (host, port) = split_host_port(host_port)?;
        if host.is_empty() || host.bytes().any(|b| matches!(b, b'@' | b'\\' | b'<' | b'>' | b'^' | b'|')) {
            return Err(BAD_URL);
        }
        let path_end = position(tail, |b| matches!(b, b'?' | b'#')).unwrap_or(tail.len());
        let path = tail.get(..path_end).ok_or(BAD_URL)?;

        let mut value = String::with_capacity(scheme.len() + 3 + host.len() + 6 + path.len() + 1);
        value.push_str(&scheme);
        value.push_str("://");
        // Lower-case, but a percent-encoded octet (RFC 3986 reg-name; Chromium's URL parser
        // leaves e.g. `%20` in a host) keeps its two hex digits as they are.
        let mut escape = 0;
        for b in host.bytes() {
            if escape > 0 {
                if !b.is_ascii_hexdigit() {
                    return Err(BAD_URL);
                }
                escape -= 1;
                value.push(b as char);
            } else {
                escape = if b == b'%' { 2 } else { 0 };
                value.push(b.to_ascii_lowercase() as char);
            }
        }
        if escape > 0 {
            return Err(BAD_URL);
        }
        if let Some(p) = port.filter(|&p| p != default_port) {
            value.push(':');
            crate::core::json::push_u64(&mut value, p as u64);
        }
        let origin_len = value.len();
        value.push_str(if path.is_empty() { "/" } else { path });
        Ok(Htu { value, origin_len })
    }

    /// The `htu` claim value.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// `scheme://host[:port]`: the key under which this server's nonces are kept (§9).
    pub fn origin(&self) -> &str {
        self.value.get(..self.origin_len).unwrap_or("")
    }
}

// Byte-level helpers: the std `str` pattern searchers carry panic paths (and with them
// `core::fmt`) into the wasm; these cannot panic.
fn position(s: &str, f: impl Fn(u8) -> bool) -> Option<usize> {
    s.bytes().position(f)
}

/// `s` split around the first byte matching `f` (which is dropped).
fn cut(s: &str, f: impl Fn(u8) -> bool) -> Option<(&str, &str)> {
    let i = position(s, f)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Splits `host[:port]` (IPv6 hosts in brackets). An empty port means none, as in WHATWG URL.
fn split_host_port(s: &str) -> Result<(&str, Option<u16>), Error> {
    let (host, port) = if s.starts_with('[') {
        let close = position(s, |b| b == b']').ok_or(BAD_URL)?;
        let (h, after) = s.split_at_checked(close + 1).ok_or(BAD_URL)?;
        if h.bytes().skip(1).take(close - 1).any(|b| !(b.is_ascii_hexdigit() || b == b':' || b == b'.')) {
            return Err(BAD_URL);
        }
        match after {
            "" => (h, None),
            _ => (h, Some(after.get(1..).filter(|_| after.starts_with(':')).ok_or(BAD_URL)?)),
        }
    } else {
        match cut(s, |b| b == b':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => Some(parse_port(p)?),
    };
    Ok((host, port))
}

fn parse_port(p: &str) -> Result<u16, Error> {
    if p.is_empty() {
        return Err(BAD_URL);
    }
    let mut n: u32 = 0;
    for b in p.bytes() {
        if !b.is_ascii_digit() {
            return Err(BAD_URL);
        }
        n = n * 10 + (b - b'0') as u32;
        if n > 65535 {
            return Err(BAD_URL);
        }
    }
    Ok(n as u16)
}

/// The authorization server's base URL for an auth0-spa-js `domain`: `https://` + domain,
/// unless the domain already carries a scheme (`http://127.0.0.1:4000` for local servers).
/// No trailing slash.
pub fn domain_url(domain: &str) -> String {
    let end = domain.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1);
    let d = domain.get(..end).unwrap_or(domain);
    let mut out = String::with_capacity(d.len() + 8);
    if !d.as_bytes().windows(3).any(|w| w == b"://") {
        out.push_str("https://");
    }
    out.push_str(d);
    out
}
