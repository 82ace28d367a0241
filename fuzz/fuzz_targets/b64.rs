//! base64url (src/core/b64.rs). Properties:
//! - encode agrees with a bit-accumulator reference encoder, has length ceil(4n/3), and
//!   `encode_into` only appends;
//! - decode ∘ encode is the identity (the round trip);
//! - decode agrees with a reference decoder of canonical base64url on any text, and
//!   encode ∘ decode is the identity wherever decode succeeds (one encoding per byte string).
#![no_main]
use dpop_spa::core::b64;
use dpop_spa_fuzz::{ref_decode, ref_encode, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let e = b64::encode(data);
    assert_eq!(e, ref_encode(data));
    assert_eq!(e.len(), (data.len() * 4).div_ceil(3));
    assert_eq!(b64::decode(&e).as_deref(), Some(data), "decode(encode(x)) != x");

    let mut prefixed = String::from("x.");
    b64::encode_into(data, &mut prefixed);
    assert_eq!(prefixed.strip_prefix("x."), Some(e.as_str()));

    let s = text(data);
    let d = b64::decode(&s);
    assert_eq!(d, ref_decode(&s), "decode disagrees with the reference on {s:?}");
    if let Some(v) = d {
        assert_eq!(b64::encode(&v), s, "encode(decode(s)) != s");
    }
});
