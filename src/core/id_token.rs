//! ID token checks after the code exchange, as auth0-spa-js makes them (OpenID Connect Core
//! §3.1.3.7): `alg` RS256, `iss`, `sub`, `aud` (and `azp` with several audiences), `nonce`,
//! `exp`, `iat`, `nbf` and `auth_time` against `max_age`, with a leeway. Like auth0-spa-js we
//! do not check the signature: the token comes straight from the token endpoint over TLS.
//!
//! ```
//! use dpop_spa::core::id_token::{validate, Claims, Expected};
//! let c = Claims { iss: Some("https://as/".into()), sub: Some("u".into()), aud: vec!["c".into()],
//!                  exp: Some(200.0), iat: Some(100.0), nonce: Some("n".into()), ..Default::default() };
//! let e = Expected { iss: "https://as/", aud: "c", nonce: Some("n"), leeway: 60, max_age: None, now: 150.0 };
//! assert!(validate(Some("RS256"), &c, &e).is_ok());
//! ```

use alloc::{string::String, vec::Vec};
use crate::core::b64;
use crate::error::{code, Error};

/// The claims the checks read (the JSON is parsed by the caller).
#[derive(Debug, Default, Clone)]
pub struct Claims {
    /// Issuer.
    pub iss: Option<String>,
    /// Subject.
    pub sub: Option<String>,
    /// Audiences (a single string becomes one entry).
    pub aud: Vec<String>,
    /// Authorized party.
    pub azp: Option<String>,
    /// Expiry, seconds.
    pub exp: Option<f64>,
    /// Issued at, seconds.
    pub iat: Option<f64>,
    /// Not before, seconds.
    pub nbf: Option<f64>,
    /// The OIDC nonce.
    pub nonce: Option<String>,
    /// Time of authentication, seconds.
    pub auth_time: Option<f64>,
}

/// What the claims must match.
#[derive(Debug)]
pub struct Expected<'a> {
    /// `{domain}/` or the `issuer` option.
    pub iss: &'a str,
    /// The client id.
    pub aud: &'a str,
    /// The nonce sent with the authorization request.
    pub nonce: Option<&'a str>,
    /// Allowed clock skew, seconds.
    pub leeway: u64,
    /// `max_age` sent with the authorization request.
    pub max_age: Option<u64>,
    /// Current time, seconds.
    pub now: f64,
}

const fn bad(message: &'static str) -> Error {
    Error::new(code::INVALID_ID_TOKEN, message)
}

/// Splits a compact JWT into its decoded header and payload bytes (JSON, not yet parsed).
pub fn split(jwt: &str) -> Result<(Vec<u8>, Vec<u8>), Error> {
    const MALFORMED: Error = bad("ID token could not be decoded");
    // A closure, not the char '.': the char searcher's panic paths cost bytes in the wasm.
    #[allow(clippy::manual_pattern_char_comparison)]
    let mut parts = jwt.split(|c| c == '.');
    let (h, p, s) = (parts.next(), parts.next(), parts.next());
    match (h, p, s, parts.next()) {
        (Some(h), Some(p), Some(s), None) if !s.is_empty() => {
            Ok((b64::decode(h).ok_or(MALFORMED)?, b64::decode(p).ok_or(MALFORMED)?))
        }
        _ => Err(MALFORMED),
    }
}

/// Checks the header `alg` and the claims.
pub fn validate(alg: Option<&str>, c: &Claims, e: &Expected<'_>) -> Result<(), Error> {
    let leeway = e.leeway as f64;
    if c.iss.as_deref() != Some(e.iss) {
        return Err(bad("ID token iss mismatch"));
    }
    if c.sub.as_deref().is_none_or(str::is_empty) {
        return Err(bad("ID token sub missing"));
    }
    if alg != Some("RS256") {
        return Err(bad("ID token alg must be RS256"));
    }
    if !c.aud.iter().any(|a| a == e.aud) {
        return Err(bad("ID token aud mismatch"));
    }
    if c.aud.len() > 1 && c.azp.as_deref() != Some(e.aud) {
        return Err(bad("ID token azp mismatch"));
    }
    if let Some(n) = e.nonce {
        if c.nonce.as_deref() != Some(n) {
            return Err(bad("ID token nonce mismatch"));
        }
    }
    let exp = c.exp.filter(|x| x.is_finite()).ok_or(bad("ID token exp missing"))?;
    c.iat.filter(|x| x.is_finite()).ok_or(bad("ID token iat missing"))?;
    if e.now > exp + leeway {
        return Err(bad("ID token expired (exp)"));
    }
    if let Some(nbf) = c.nbf.filter(|x| x.is_finite()) {
        if e.now < nbf - leeway {
            return Err(bad("ID token not yet valid (nbf)"));
        }
    }
    if let Some(max_age) = e.max_age {
        let at = c.auth_time.filter(|x| x.is_finite()).ok_or(bad("ID token auth_time missing (max_age)"))?;
        if e.now > at + max_age as f64 + leeway {
            return Err(bad("ID token auth_time too old (max_age)"));
        }
    }
    Ok(())
}

/// How the token endpoint says the access token is to be presented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    /// `DPoP` (RFC 9449 §5): bound to our key; sent with the `DPoP` scheme and a proof.
    DPoP,
    /// `Bearer`: an API without DPoP; sent as Bearer, without a proof.
    Bearer,
}

/// `token_type`, compared case-insensitively (RFC 6749 §5.1 / RFC 9449 §5).
pub fn token_type(raw: Option<&str>) -> Result<TokenType, Error> {
    match raw {
        Some(t) if t.eq_ignore_ascii_case("dpop") => Ok(TokenType::DPoP),
        Some(t) if t.eq_ignore_ascii_case("bearer") => Ok(TokenType::Bearer),
        _ => Err(Error::new(code::INVALID_RESPONSE, "The token endpoint returned an unknown token_type")),
    }
}
