//! DPoP proof JWTs (RFC 9449 §4.2): input checks, the claims object and the compact JWS.
//! `iat` and `jti` are passed in, so a proof is reproducible in tests; the browser layer
//! supplies the clock, the randomness and the signature.
//!
//! ```
//! use dpop_spa::core::{htu::Htu, proof::{ProofClaims, claims_json}};
//! let htu = Htu::parse("https://as.example/token").unwrap();
//! let c = ProofClaims { jti: "j", htm: "POST", htu: &htu, iat: 1, ath: None, nonce: None };
//! assert_eq!(claims_json(&c), r#"{"jti":"j","htm":"POST","htu":"https://as.example/token","iat":1}"#);
//! ```

use alloc::string::String;
use crate::core::{b64, htu::Htu, json};
use crate::error::{code, Error};

/// Longest nonce we keep or send. RFC 9449 sets no limit; real servers send 22–64 characters.
pub const MAX_NONCE_LEN: usize = 2048;
/// Longest access token we hash and send.
pub const MAX_TOKEN_LEN: usize = 65536;

/// The claims of one proof. Protocol claims only: callers cannot override them.
#[derive(Debug)]
pub struct ProofClaims<'a> {
    /// Unique identifier (≥ 128 random bits, base64url).
    pub jti: &'a str,
    /// The HTTP method, exactly as the request sends it.
    pub htm: &'a str,
    /// The normalised target URI.
    pub htu: &'a Htu,
    /// Issued-at, seconds since the epoch.
    pub iat: u64,
    /// base64url(SHA-256(access token)) when a token is presented.
    pub ath: Option<&'a str>,
    /// The server-provided nonce, when one applies.
    pub nonce: Option<&'a str>,
}

/// RFC 9110 `tchar`.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `htm` must be an RFC 9110 method token.
pub fn check_method(m: &str) -> Result<(), Error> {
    if m.is_empty() || m.len() > 64 || !m.bytes().all(is_tchar) {
        return Err(Error::new(code::INVALID_METHOD, "Expected an HTTP method token"));
    }
    Ok(())
}

/// RFC 9449 §8.1: `nonce = 1*NQCHAR`, `NQCHAR = %x21 / %x23-5B / %x5D-7E`.
pub fn check_nonce(n: &str) -> Result<(), Error> {
    let nqchar = |b: u8| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e);
    if n.is_empty() || n.len() > MAX_NONCE_LEN || !n.bytes().all(nqchar) {
        return Err(Error::new(code::INVALID_NONCE, "Expected a DPoP nonce (RFC 9449 section 8.1)"));
    }
    Ok(())
}

/// RFC 9449 §7.1: a DPoP access token has the `token68` syntax (which also keeps CR/LF and
/// spaces out of the `Authorization` header).
pub fn check_access_token(t: &str) -> Result<(), Error> {
    let body = t.trim_end_matches('=');
    let t68 = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
    if body.is_empty() || t.len() > MAX_TOKEN_LEN || !body.bytes().all(t68) {
        return Err(Error::new(code::INVALID_ACCESS_TOKEN, "Expected an access token (token68)"));
    }
    Ok(())
}

/// The claims object as compact JSON, protocol claims in a fixed order.
pub fn claims_json(c: &ProofClaims<'_>) -> String {
    let mut s = String::with_capacity(160 + c.htu.as_str().len() + c.nonce.map_or(0, str::len));
    s.push('{');
    json::push_member(&mut s, true, "jti", c.jti);
    json::push_member(&mut s, false, "htm", c.htm);
    json::push_member(&mut s, false, "htu", c.htu.as_str());
    s.push_str(",\"iat\":");
    json::push_u64(&mut s, c.iat);
    if let Some(ath) = c.ath {
        json::push_member(&mut s, false, "ath", ath);
    }
    if let Some(nonce) = c.nonce {
        json::push_member(&mut s, false, "nonce", nonce);
    }
    s.push('}');
    s
}

/// `base64url(header) "." base64url(claims)`: the bytes ES256 signs.
pub fn signing_input(header_b64: &str, claims: &ProofClaims<'_>) -> String {
    let json = claims_json(claims);
    let mut s = String::with_capacity(header_b64.len() + 1 + json.len() * 4 / 3 + 4);
    s.push_str(header_b64);
    s.push('.');
    b64::encode_into(json.as_bytes(), &mut s);
    s
}

/// Appends `"." base64url(signature)` to the signing input: the compact JWS. WebCrypto's
/// ECDSA signature is already the raw `r || s` that JWS ES256 uses (RFC 7518 §3.4).
pub fn compact(mut signing_input: String, signature: &[u8]) -> String {
    signing_input.push('.');
    b64::encode_into(signature, &mut signing_input);
    signing_input
}
