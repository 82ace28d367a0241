//! The authorization request URL (RFC 6749 §4.1.1 with PKCE, RFC 7636, and RFC 9449 §10):
//! the caller's parameters pass through, the protocol's own are set last and win.
//!
//! ```
//! use dpop_spa::core::authorize::{url, Protocol};
//! let p = Protocol { state: "s", nonce: "n", code_challenge: "c", dpop_jkt: Some("j") };
//! let u = url("https://as/authorize", &[("client_id", "x"), ("state", "evil")], &p);
//! assert_eq!(u, "https://as/authorize?client_id=x&response_type=code&response_mode=query&state=s&nonce=n&code_challenge=c&code_challenge_method=S256&dpop_jkt=j");
//! ```

use alloc::{string::String, vec::Vec};
use crate::core::form;

/// The parameters the SDK owns.
#[derive(Debug)]
pub struct Protocol<'a> {
    /// CSRF protection, checked by the callback.
    pub state: &'a str,
    /// OIDC nonce, checked in the ID token.
    pub nonce: &'a str,
    /// base64url(SHA-256(code_verifier)).
    pub code_challenge: &'a str,
    /// Thumbprint of the DPoP key, binding the code to it; `None` when the key is ephemeral.
    pub dpop_jkt: Option<&'a str>,
}

const OWNED: [&str; 7] = ["response_type", "response_mode", "state", "nonce", "code_challenge", "code_challenge_method", "dpop_jkt"];

/// `endpoint?params`: the caller's pairs in order (minus those the protocol owns), then ours.
pub fn url(endpoint: &str, params: &[(&str, &str)], p: &Protocol<'_>) -> String {
    let mut pairs: Vec<(&str, &str)> = params.iter().copied().filter(|(k, _)| !OWNED.contains(k)).collect();
    pairs.extend([
        ("response_type", "code"),
        ("response_mode", "query"),
        ("state", p.state),
        ("nonce", p.nonce),
        ("code_challenge", p.code_challenge),
        ("code_challenge_method", "S256"),
    ]);
    if let Some(j) = p.dpop_jkt {
        pairs.push(("dpop_jkt", j));
    }
    let mut u = String::from(endpoint);
    u.push(if endpoint.contains('?') { '&' } else { '?' });
    u.push_str(&form::encode(&pairs));
    u
}
