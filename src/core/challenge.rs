//! An RFC 9110 §11.6.1 `WWW-Authenticate` parser: several challenges per header, `token68`,
//! auth-params with token or quoted-string values (with `\` escapes), optional whitespace,
//! empty list elements, case-insensitive scheme and parameter names.
//!
//! ```
//! use dpop_spa::core::challenge::{parse, dpop_error};
//! let h = r#"Bearer realm="api", DPoP error="use_dpop_nonce", algs="ES256""#;
//! assert_eq!(parse(h).unwrap().len(), 2);
//! assert_eq!(dpop_error(h).as_deref(), Some("use_dpop_nonce"));
//! ```

use alloc::{string::String, vec::Vec};
use crate::core::proof::is_tchar;
use crate::error::{code, Error};

/// Longest header we parse; anything longer is refused rather than scanned.
pub const MAX_HEADER_LEN: usize = 16384;

const BAD: Error = Error::new(code::INVALID_CHALLENGE, "Malformed WWW-Authenticate header");

/// One challenge: a scheme and either a `token68` or a list of parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The auth-scheme, lower-cased.
    pub scheme: String,
    /// The `token68`, when the challenge has one.
    pub token68: Option<String>,
    /// Parameters in order: lower-cased name, unescaped value.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of parameter `name` (lower-case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The `error` parameter of the header's `DPoP` challenge. Other schemes' errors do not
/// count, and a malformed header counts as no DPoP error at all.
pub fn dpop_error(header: &str) -> Option<String> {
    let challenges = parse(header).ok()?;
    let dpop = challenges.into_iter().find(|c| c.scheme == "dpop")?;
    dpop.params.into_iter().find(|(n, _)| n == "error").map(|(_, v)| v)
}

/// Parses a whole header value into its challenges.
pub fn parse(header: &str) -> Result<Vec<Challenge>, Error> {
    if header.len() > MAX_HEADER_LEN {
        return Err(BAD);
    }
    let mut p = Parser { s: header.as_bytes(), i: 0 };
    let mut out: Vec<Challenge> = Vec::new();
    loop {
        p.skip_list_separators();
        if p.at_end() {
            break;
        }
        let scheme = p.token().ok_or(BAD)?.to_ascii_lowercase();
        let mut ch = Challenge { scheme, token68: None, params: Vec::new() };
        // A challenge's data needs at least one space after the scheme.
        if p.peek() == Some(b' ') {
            p.skip_ws();
            if matches!(p.peek(), None | Some(b',')) {
                // A scheme alone, before the next list element.
            } else if let Some(t68) = p.try_token68() {
                ch.token68 = Some(t68);
            } else {
                p.params_into(&mut ch)?;
            }
        }
        p.skip_ws();
        match p.peek() {
            None | Some(b',') => out.push(ch),
            Some(_) => return Err(BAD),
        }
    }
    if out.is_empty() {
        return Err(BAD);
    }
    Ok(out)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn skip_list_separators(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> Option<String> {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        let t = self.s.get(start..self.i)?;
        if t.is_empty() {
            return None;
        }
        String::from_utf8(t.to_vec()).ok()
    }

    /// `token68` followed by the end of this challenge; leaves the position unchanged if the
    /// text is not one (it may be the first auth-param instead).
    fn try_token68(&mut self) -> Option<String> {
        let t68 = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
        let start = self.i;
        let mut j = 0;
        while self.peek_at(j).is_some_and(t68) {
            j += 1;
        }
        if j == 0 {
            return None;
        }
        while self.peek_at(j) == Some(b'=') {
            j += 1;
        }
        let mut k = j;
        while matches!(self.peek_at(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        if !matches!(self.peek_at(k), None | Some(b',')) {
            return None;
        }
        // `name=` + `,`/end is a token68 ending in "=", never a parameter with no value.
        self.i = start + j;
        String::from_utf8(self.s.get(start..start + j)?.to_vec()).ok()
    }

    /// `#auth-param`, stopping before a `,` that starts the next challenge.
    fn params_into(&mut self, ch: &mut Challenge) -> Result<(), Error> {
        loop {
            let name = self.token().ok_or(BAD)?.to_ascii_lowercase();
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return Err(BAD);
            }
            self.i += 1;
            self.skip_ws();
            let value = if self.peek() == Some(b'"') { self.quoted()? } else { self.token().ok_or(BAD)? };
            if ch.param(&name).is_some() {
                return Err(BAD); // RFC 9110: each parameter name only once per challenge
            }
            ch.params.push((name, value));
            // After `,`: another parameter of this challenge, or the next challenge's scheme.
            let save = self.i;
            self.skip_ws();
            match self.peek() {
                None => return Ok(()),
                Some(b',') => self.skip_list_separators(),
                Some(_) => return Err(BAD), // parameters are separated by commas
            }
            if self.at_end() || !self.next_is_param() {
                self.i = save;
                return Ok(());
            }
        }
    }

    fn next_is_param(&self) -> bool {
        let mut k = 0;
        while self.peek_at(k).is_some_and(is_tchar) {
            k += 1;
        }
        while matches!(self.peek_at(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        k > 0 && self.peek_at(k) == Some(b'=')
    }

    fn quoted(&mut self) -> Result<String, Error> {
        self.i += 1; // opening quote
        let mut v = Vec::new();
        loop {
            match self.peek().ok_or(BAD)? {
                b'"' => {
                    self.i += 1;
                    return String::from_utf8(v).map_err(|_| BAD);
                }
                b'\\' => {
                    let c = self.peek_at(1).ok_or(BAD)?;
                    if c < 0x20 && c != b'\t' || c == 0x7f {
                        return Err(BAD);
                    }
                    v.push(c);
                    self.i += 2;
                }
                c if c < 0x20 && c != b'\t' || c == 0x7f => return Err(BAD),
                c => {
                    v.push(c);
                    self.i += 1;
                }
            }
        }
    }
}
