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
//!
//! # Malformed challenges
//!
//! A syntax error drops only the challenge it is in; parsing picks up again at the next
//! *challenge start*: a `,`, optional whitespace and further commas, then a `token` followed
//! by a space, or by optional whitespace and then a `,` or the end of the header (a scheme
//! alone, as in `Bearer, DPoP …`; with no parameters it can never ask for a nonce retry). A
//! `token` followed by optional whitespace and `=` is an auth-param, never a challenge start.
//! The same definition decides, inside a challenge, what may follow a `,`: another
//! auth-param, a challenge start, or the end; anything else is an error in the current
//! challenge (so `DPoP error="use_dpop_nonce", =x` is one malformed challenge, not a good one
//! followed by junk).
//!
//! The search for the next challenge start skips quoted-strings whole, so text inside quotes
//! never starts a challenge: from the point of the error every `"` opens a quoted-string that
//! ends at the next unescaped `"`. An error inside a quoted-string (a control character)
//! first skips to that string's end. A quoted-string that never ends (the error itself, or
//! one met while skipping) puts everything after its opening quote inside it: the rest of the
//! header is dropped, as nothing there can be told apart from quoted text. A dropped `DPoP`
//! challenge is gone entirely, so it never triggers a retry.
//!
//! [`parse`] returns the well-formed challenges in order when there is at least one, and an
//! `invalid_challenge` error when there is none (an empty header, only commas, or only
//! malformed challenges) or when the header is longer than [`MAX_HEADER_LEN`].
//!
//! ```
//! use dpop_spa::core::challenge::{parse, dpop_error};
//! // `/` is not a tchar: the Bearer challenge is dropped, the DPoP one is kept.
//! let h = r#"Bearer realm=example.com/api, DPoP error="use_dpop_nonce""#;
//! let cs = parse(h).unwrap();
//! assert_eq!((cs.len(), cs[0].scheme.as_str()), (1, "dpop"));
//! assert_eq!(dpop_error(h).as_deref(), Some("use_dpop_nonce"));
//! // A malformed DPoP challenge is dropped and never asks for a retry.
//! let h = r#"Bearer realm="api", DPoP error="use_dpop_nonce" algs="ES256""#;
//! assert_eq!(parse(h).unwrap()[0].scheme, "bearer");
//! assert_eq!(dpop_error(h), None);
//! // An unterminated quoted-string swallows the rest of the header.
//! assert!(parse(r#"Bearer realm="abc, DPoP error=use_dpop_nonce"#).is_err());
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

/// The `error` parameter of the header's first well-formed `DPoP` challenge. Other schemes'
/// errors do not count, a malformed `DPoP` challenge counts as none, and a malformed other
/// challenge does not hide a well-formed `DPoP` one (see the module docs).
pub fn dpop_error(header: &str) -> Option<String> {
    let challenges = parse(header).ok()?;
    let dpop = challenges.into_iter().find(|c| c.scheme == "dpop")?;
    dpop.params.into_iter().find(|(n, _)| n == "error").map(|(_, v)| v)
}

/// Parses a whole header value into its well-formed challenges, dropping malformed ones
/// (see the module docs); an error when none is well-formed.
pub fn parse(header: &str) -> Result<Vec<Challenge>, Error> {
    if header.len() > MAX_HEADER_LEN {
        return Err(BAD);
    }
    let mut p = Parser { src: header, s: header.as_bytes(), i: 0 };
    let mut out: Vec<Challenge> = Vec::new();
    loop {
        p.skip_list_separators();
        if p.at_end() {
            break;
        }
        match p.challenge() {
            Ok(ch) => out.push(ch),
            Err(fail) => {
                if !p.resync(fail) {
                    break;
                }
            }
        }
    }
    if out.is_empty() {
        return Err(BAD);
    }
    Ok(out)
}

/// Why a challenge is malformed; the parser's position is where it was noticed.
#[derive(Clone, Copy)]
enum Fail {
    /// A syntax error outside any quoted-string.
    Syntax,
    /// A character not allowed inside a quoted-string, which goes on after it.
    InQuote,
    /// A quoted-string (or its last quoted-pair) cut off by the end of the header.
    Unterminated,
}

struct Parser<'a> {
    /// The header; `s` is its bytes. Values are cut from `src` at ASCII delimiters, so they
    /// are always whole characters (no UTF-8 validation to carry).
    src: &'a str,
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
        if start == self.i {
            return None;
        }
        self.src.get(start..self.i).map(String::from)
    }

    /// One challenge, ending before the `,` or the end of the header that follows it.
    fn challenge(&mut self) -> Result<Challenge, Fail> {
        let scheme = self.token().ok_or(Fail::Syntax)?.to_ascii_lowercase();
        let mut ch = Challenge { scheme, token68: None, params: Vec::new() };
        // A challenge's data needs at least one space after the scheme.
        if self.peek() == Some(b' ') {
            self.skip_ws();
            if matches!(self.peek(), None | Some(b',')) {
                // A scheme alone, before the next list element.
            } else if let Some(t68) = self.try_token68() {
                ch.token68 = Some(t68);
            } else {
                self.params_into(&mut ch)?;
            }
        }
        self.skip_ws();
        match self.peek() {
            None | Some(b',') => Ok(ch),
            Some(_) => Err(Fail::Syntax),
        }
    }

    /// After `fail`, moves to the next challenge start (module docs) and returns `true`, or
    /// returns `false` when the rest of the header holds none or cannot be trusted.
    fn resync(&mut self, fail: Fail) -> bool {
        match fail {
            Fail::Unterminated => return false,
            Fail::InQuote => {
                if !self.skip_quoted_rest() {
                    return false;
                }
            }
            Fail::Syntax => {}
        }
        loop {
            match self.peek() {
                None => return false,
                Some(b'"') => {
                    self.i += 1;
                    if !self.skip_quoted_rest() {
                        return false;
                    }
                }
                Some(b',') => {
                    self.skip_list_separators();
                    if self.at_challenge_start() {
                        return true;
                    }
                }
                Some(_) => self.i += 1,
            }
        }
    }

    /// From inside a quoted-string, moves past its closing `"`; `false` when it has none.
    fn skip_quoted_rest(&mut self) -> bool {
        loop {
            match self.peek() {
                None => return false,
                Some(b'"') => {
                    self.i += 1;
                    return true;
                }
                Some(b'\\') => {
                    if self.peek_at(1).is_none() {
                        return false;
                    }
                    self.i += 2;
                }
                Some(_) => self.i += 1,
            }
        }
    }

    /// `token` then a space, or `token` OWS then `,` or the end: where a challenge can start
    /// (never `token BWS =`, an auth-param).
    fn at_challenge_start(&self) -> bool {
        let mut k = 0;
        while self.peek_at(k).is_some_and(is_tchar) {
            k += 1;
        }
        let mut w = k;
        while matches!(self.peek_at(w), Some(b' ' | b'\t')) {
            w += 1;
        }
        k > 0
            && match self.peek_at(w) {
                None | Some(b',') => true,
                Some(b'=') => false,
                Some(_) => self.peek_at(k) == Some(b' '),
            }
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
        self.src.get(start..start + j).map(String::from)
    }

    /// `#auth-param`, stopping before a `,` that starts the next challenge.
    fn params_into(&mut self, ch: &mut Challenge) -> Result<(), Fail> {
        loop {
            let name = self.token().ok_or(Fail::Syntax)?.to_ascii_lowercase();
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return Err(Fail::Syntax);
            }
            self.i += 1;
            self.skip_ws();
            let value = if self.peek() == Some(b'"') { self.quoted()? } else { self.token().ok_or(Fail::Syntax)? };
            if ch.param(&name).is_some() {
                return Err(Fail::Syntax); // RFC 9110: each parameter name only once per challenge
            }
            ch.params.push((name, value));
            // After `,`: another parameter of this challenge, the next challenge, or the end.
            let save = self.i;
            self.skip_ws();
            match self.peek() {
                None => return Ok(()),
                Some(b',') => self.skip_list_separators(),
                Some(_) => return Err(Fail::Syntax), // parameters are separated by commas
            }
            if self.at_end() || self.at_challenge_start() {
                self.i = save;
                return Ok(());
            }
            if !self.next_is_param() {
                return Err(Fail::Syntax); // neither: a broken element of this challenge
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

    /// A quoted-string: the text between the quotes, each `\\` dropped before the character it
    /// escapes. The text is copied a run at a time from `src`, split only at ASCII bytes.
    fn quoted(&mut self) -> Result<String, Fail> {
        self.i += 1; // opening quote
        let mut v = String::new();
        let mut run = self.i;
        loop {
            match self.peek().ok_or(Fail::Unterminated)? {
                b'"' => {
                    v.push_str(self.src.get(run..self.i).ok_or(Fail::Syntax)?);
                    self.i += 1;
                    return Ok(v);
                }
                b'\\' => {
                    let c = self.peek_at(1).ok_or(Fail::Unterminated)?;
                    if c < 0x20 && c != b'\t' || c == 0x7f {
                        return Err(Fail::InQuote);
                    }
                    v.push_str(self.src.get(run..self.i).ok_or(Fail::Syntax)?);
                    run = self.i + 1; // the escaped character starts the next run
                    self.i += 2;
                }
                c if c < 0x20 && c != b'\t' || c == 0x7f => return Err(Fail::InQuote),
                _ => self.i += 1,
            }
        }
    }
}
