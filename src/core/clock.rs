//! Clock offsets per server origin. A proof's `iat` must fall within its server's window
//! (RFC 9449 §11.1; about ±5 minutes in common servers), and device clocks are often minutes
//! off, so each proof is dated with its server's clock as far as the client knows it:
//!
//! 1. the `Date` header of that origin's own responses (when CORS exposes it);
//! 2. for the authorization server's origin, the `iat` of an ID token it just issued;
//! 3. for any other origin with nothing known, the authorization server's offset;
//! 4. else the device clock.
//!
//! An offset is applied only when it is larger than 60 s and smaller than 12 hours: below,
//! it is measurement noise (a `Date` has one-second resolution, plus latency); above, it is
//! not a clock error but a broken header.
//!
//! The offsets are kept per client in its nonce table ([`NonceCache`], under their own keys).
//!
//! ```
//! use dpop_spa::core::{clock::{learn, offset, Source}, nonce::NonceCache};
//! let mut t = NonceCache::default();
//! learn(&mut t, "https://as", 1_000_600.0, 1_000_000.0, Source::IdToken);
//! assert_eq!(offset(&t, "https://api", "https://as"), 600.0);   // the AS's, for an unknown API
//! learn(&mut t, "https://api", 1_000_030.0, 1_000_000.0, Source::Date);
//! assert_eq!(offset(&t, "https://api", "https://as"), 0.0);     // its own: 30 s is noise
//! ```

use super::nonce::NonceCache;

/// Offsets at or below this (seconds) are not applied.
pub const MIN_OFFSET: f64 = 60.0;
/// Offsets at or above this (seconds) are not applied.
pub const MAX_OFFSET: f64 = 12.0 * 3600.0;

/// Where an offset was learned. A `Date` header outranks an ID token's `iat` (which is the
/// time of issue, not of the response) for the same origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The `iat` of an ID token the authorization server just issued.
    IdToken,
    /// A response's `Date` header.
    Date,
}

/// `offset` if it is applied (60 s < |offset| < 12 h), else 0 (and 0 for NaN).
pub fn applied(offset: f64) -> f64 {
    if offset.abs() > MIN_OFFSET && offset.abs() < MAX_OFFSET { offset } else { 0.0 }
}

/// Records that `origin`'s clock read `server` seconds when the device's read `device`, in
/// `table` (non-finite readings are ignored). A `Date` reading replaces any; an ID token's
/// `iat` does not replace a `Date` reading.
pub fn learn(table: &mut NonceCache, origin: &str, server: f64, device: f64, source: Source) {
    if !server.is_finite() || !device.is_finite() || table.offset(origin).is_some_and(|(_, s)| s > source) {
        return;
    }
    table.set_offset(origin, server - device, source);
}

/// The offset (seconds, to add to the device clock) for a proof to `origin`: its own, else the
/// authorization server's (`as_origin`), else 0; only when applied.
pub fn offset(table: &NonceCache, origin: &str, as_origin: &str) -> f64 {
    applied(table.offset(origin).or_else(|| table.offset(as_origin)).map_or(0.0, |(o, _)| o))
}
