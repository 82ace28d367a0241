//! One retry policy for token endpoints and resource servers (RFC 9449 §8, §9):
//! a `use_dpop_nonce` error — 400 with `{"error":"use_dpop_nonce"}` from an authorization
//! server, or 401 with a `DPoP` challenge whose `error` is `use_dpop_nonce` from a resource
//! server — is retried once with a fresh proof carrying the new nonce. Never more.
//!
//! ```
//! use dpop_spa::core::retry::{decide, Decision, Outcome};
//! let o = Outcome { status: 401, challenge_error: Some("use_dpop_nonce"), body_error: None, new_nonce: true };
//! assert_eq!(decide(0, &o), Decision::Retry);
//! assert_eq!(decide(1, &o), Decision::UseDpopNonce);
//! ```

/// What one attempt's response said, as far as the policy cares.
#[derive(Debug, Default)]
pub struct Outcome<'a> {
    /// HTTP status.
    pub status: u16,
    /// `error` of the response's `DPoP` challenge (never another scheme's).
    pub challenge_error: Option<&'a str>,
    /// `error` of a JSON error body (token endpoints only).
    pub body_error: Option<&'a str>,
    /// Whether the response carried a (valid) `DPoP-Nonce`.
    pub new_nonce: bool,
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Hand the response to the caller.
    Accept,
    /// Send again with a new proof and the nonce just learned.
    Retry,
    /// Give up with `UseDpopNonceError`.
    UseDpopNonce,
}

/// The error code that means "use this nonce".
pub const USE_DPOP_NONCE: &str = "use_dpop_nonce";

/// Whether a response is a DPoP nonce error.
pub fn is_nonce_error(o: &Outcome<'_>) -> bool {
    (o.status == 401 && o.challenge_error == Some(USE_DPOP_NONCE))
        || (o.status == 400 && o.body_error == Some(USE_DPOP_NONCE))
}

/// The decision after attempt number `attempt` (0 for the first).
pub fn decide(attempt: u32, o: &Outcome<'_>) -> Decision {
    if !is_nonce_error(o) {
        Decision::Accept
    } else if attempt == 0 && o.new_nonce {
        Decision::Retry
    } else {
        Decision::UseDpopNonce
    }
}
