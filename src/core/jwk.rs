//! The public JWK of an ES256 key, serialised from an explicit `{crv, kty, x, y}` (never from
//! whatever `exportKey` returned: no `d`, `ext` or `key_ops` can leak into a proof), the proof
//! header that embeds it (RFC 9449 §4.2), and its RFC 7638 thumbprint input.
//!
//! ```
//! use dpop_spa::core::jwk::thumbprint_input;
//! assert_eq!(thumbprint_input(&[("kty", "EC"), ("crv", "P-256")]), r#"{"crv":"P-256","kty":"EC"}"#);
//! ```

use alloc::{string::String, vec::Vec};
use crate::core::{b64, json};
use crate::error::{code, Error};

/// A P-256 public key as JWK coordinates (base64url, 32 bytes each).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcPublicJwk {
    x: String,
    y: String,
}

impl EcPublicJwk {
    /// Checks that `x` and `y` are canonical base64url encodings of 32 bytes.
    pub fn new(x: &str, y: &str) -> Result<Self, Error> {
        let ok = |c: &str| c.len() == 43 && b64::decode(c).is_some_and(|v| v.len() == 32);
        if !ok(x) || !ok(y) {
            return Err(Error::new(code::INVALID_JWK, "Expected a P-256 public key"));
        }
        Ok(EcPublicJwk { x: x.into(), y: y.into() })
    }

    /// The base64url JWS header `{"typ":"dpop+jwt","alg":"ES256","jwk":{…}}`. Computed once
    /// per key: every proof reuses it.
    pub fn proof_header_b64(&self) -> String {
        let mut h = String::with_capacity(160);
        h.push_str(r#"{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","crv":"P-256""#);
        json::push_member(&mut h, false, "x", &self.x);
        json::push_member(&mut h, false, "y", &self.y);
        h.push_str("}}");
        b64::encode(h.as_bytes())
    }

    /// The RFC 7638 thumbprint input; SHA-256 of it, base64url, is the `jkt`.
    pub fn thumbprint_input(&self) -> String {
        thumbprint_input(&[("kty", "EC"), ("crv", "P-256"), ("x", &self.x), ("y", &self.y)])
    }
}

/// RFC 7638 §3: the required members, sorted by name, as compact JSON. Works for any key
/// type, so the RFC's own (RSA) example can check it.
pub fn thumbprint_input(members: &[(&str, &str)]) -> String {
    // Insertion sort: four members at most, and no sort machinery in the wasm.
    let mut sorted: Vec<&(&str, &str)> = Vec::with_capacity(members.len());
    for m in members {
        let at = sorted.iter().position(|s| s.0 > m.0).unwrap_or(sorted.len());
        sorted.insert(at, m);
    }
    let mut out = String::from("{");
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        json::push_member(&mut out, i == 0, name, value);
    }
    out.push('}');
    out
}
