//! One retry policy for token endpoints and resource servers (RFC 9449 §8, §9):
//! a `use_dpop_nonce` error — 400 with `{"error":"use_dpop_nonce"}` from an authorization
//! server, or 401 with a `DPoP` challenge whose `error` is `use_dpop_nonce` from a resource
//! server — is retried once with a fresh proof carrying the new nonce. So is an
//! `invalid_dpop_proof` whose response taught a clock offset that changes the proof's `iat`
//! by more than a minute ([`super::clock`]). That is the same single retry: never more than
//! two attempts per request.
//!
//! ```
//! use dpop_spa::core::retry::{decide, Decision, Outcome};
//! let o = Outcome { status: 401, challenge_error: Some("use_dpop_nonce"), new_nonce: true, ..Default::default() };
//! assert_eq!(decide(0, &o), Decision::Retry);
//! assert_eq!(decide(1, &o), Decision::UseDpopNonce);
//! let late = Outcome { status: 401, challenge_error: Some("invalid_dpop_proof"), new_offset: true, ..Default::default() };
//! assert_eq!(decide(0, &late), Decision::Retry);
//! assert_eq!(decide(1, &late), Decision::Accept);
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
    /// Whether the response taught a clock offset for its origin that differs by more than
    /// [`super::clock::MIN_OFFSET`] from the one the attempt's proof used.
    pub new_offset: bool,
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
/// The error code of a rejected proof (RFC 9449 §7.1: `iat` out of the window among others).
pub const INVALID_DPOP_PROOF: &str = "invalid_dpop_proof";

/// Whether a response is a DPoP nonce error.
pub fn is_nonce_error(o: &Outcome<'_>) -> bool {
    (o.status == 401 && o.challenge_error == Some(USE_DPOP_NONCE))
        || (o.status == 400 && o.body_error == Some(USE_DPOP_NONCE))
}

/// Whether a response rejects the proof itself.
pub fn is_proof_error(o: &Outcome<'_>) -> bool {
    (o.status == 401 && o.challenge_error == Some(INVALID_DPOP_PROOF))
        || (o.status == 400 && o.body_error == Some(INVALID_DPOP_PROOF))
}

/// The decision after attempt number `attempt` (0 for the first).
pub fn decide(attempt: u32, o: &Outcome<'_>) -> Decision {
    if is_nonce_error(o) {
        if attempt == 0 && o.new_nonce { Decision::Retry } else { Decision::UseDpopNonce }
    } else if attempt == 0 && o.new_offset && is_proof_error(o) {
        Decision::Retry
    } else {
        Decision::Accept
    }
}
