//! What the fuzz targets share: the input framing, and the *independent* side of each
//! property: reference implementations written from the RFCs (not from `src/core`), a
//! printer for challenge lists, and an order-preserving JSON object reader on top of
//! serde_json. Nothing here is used by the crate itself.

use dpop_spa::core::challenge::Challenge;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The fields of a byte-string input, split at `0xFF` (a byte no UTF-8 text contains, so
/// seed files stay readable), each made text as the browser would hand it over: invalid
/// UTF-8 becomes U+FFFD, as a lone surrogate does in `JsValue::as_string`.
pub fn fields(data: &[u8]) -> Vec<String> {
    data.split(|&b| b == 0xFF).map(|f| String::from_utf8_lossy(f).into_owned()).collect()
}

/// The whole input as text (as in [`fields`]).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Field `i`, or the empty string.
pub fn field(f: &[String], i: usize) -> &str {
    f.get(i).map_or("", String::as_str)
}

/// Up to 8 bytes of `s`, little-endian, as a number (for `iat` and similar).
pub fn number(s: &str) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(s.bytes()) {
        *d = s;
    }
    u64::from_le_bytes(b)
}

// ---- base64url (RFC 4648 §5), a bit-accumulator reference -------------------------------

/// RFC 4648 Table 2, the URL and filename safe alphabet.
pub const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Reference encoder: six bits at a time from a bit accumulator, no padding.
pub fn ref_encode(data: &[u8]) -> String {
    let (mut acc, mut bits, mut out) = (0u32, 0u32, String::new());
    for &b in data {
        acc = (acc << 8) | b as u32;
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(B64URL[((acc >> bits) & 63) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(B64URL[((acc << (6 - bits)) & 63) as usize] as char);
    }
    out
}

/// Reference decoder of *canonical* unpadded base64url: only alphabet characters, no
/// dangling 6-bit group, and the unused low bits of the last character zero.
pub fn ref_decode(s: &str) -> Option<Vec<u8>> {
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in s.bytes() {
        let v = B64URL.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (bits < 6 && acc == 0).then_some(out)
}

// ---- JSON -------------------------------------------------------------------------------

/// A JSON object's members in document order, duplicates kept (serde_json's `Value` would
/// keep only the last of a duplicate name, and not the order).
pub struct Members(pub Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = m.next_entry::<String, Value>()? {
                    out.push(e);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// `json` parsed strictly (whole input, RFC 8259) as an object, members in order.
pub fn members(json: &str) -> Vec<(String, Value)> {
    match serde_json::from_str::<Members>(json) {
        Ok(m) => m.0,
        Err(e) => panic!("not a JSON object ({e}): {json:?}"),
    }
}

/// `[(name, string value)]` as [`members`] returns them.
pub fn string_members(pairs: &[(&str, &str)]) -> Vec<(String, Value)> {
    pairs.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect()
}

// ---- RFC 9110 / RFC 9449 character classes, written out from the ABNF ---------------------

/// RFC 9110 §5.6.2 `tchar`.
pub fn spec_tchar(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z')
        || matches!(b, b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~')
}

/// The `tchar`s, for generating tokens.
pub const TCHARS: &[u8] = b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// RFC 9110 §11.2 `token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
pub fn spec_token68(s: &str) -> bool {
    let b = s.as_bytes();
    let body = b.iter().take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')).count();
    body > 0 && b.iter().skip(body).all(|&c| c == b'=')
}

/// The `token68` body characters, for generating them.
pub const T68CHARS: &[u8] = b"-._~+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// ---- WWW-Authenticate printing (RFC 9110 §11.6.1) -----------------------------------------

/// `s` as a quoted-string: `"` and `\` as quoted-pairs; with `escape_all`, every character.
pub fn quote(s: &str, escape_all: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if escape_all || c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Whether `s` may be sent as a parameter value at all (quoted-string: no CTLs but HTAB).
pub fn quotable(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// One challenge as a server would send it: `scheme`, then SP and the token68 or the
/// parameters (token values as tokens, others quoted).
pub fn print_challenge(c: &Challenge) -> String {
    let mut out = c.scheme.clone();
    if let Some(t) = &c.token68 {
        out.push(' ');
        out.push_str(t);
    } else {
        for (i, (n, v)) in c.params.iter().enumerate() {
            out.push_str(if i == 0 { " " } else { ", " });
            out.push_str(n);
            out.push('=');
            if !v.is_empty() && v.bytes().all(spec_tchar) {
                out.push_str(v);
            } else {
                out.push_str(&quote(v, false));
            }
        }
    }
    out
}

/// A challenge list as one header value.
pub fn print_challenges(cs: &[Challenge]) -> String {
    cs.iter().map(print_challenge).collect::<Vec<_>>().join(", ")
}

/// Whether `s` ends inside a quoted-string when every `"` outside one opens one and a `\`
/// inside one escapes the next character: where the parser's resynchronisation rule
/// (src/core/challenge.rs module docs) drops the rest of a header.
pub fn ends_in_quote(s: &str) -> bool {
    let (mut inside, mut escaped) = (false, false);
    for b in s.bytes() {
        if escaped {
            escaped = false;
        } else if inside && b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            inside = !inside;
        }
    }
    inside
}
