//! JWK members and thumbprint input (src/core/jwk.rs). Properties:
//! - `EcPublicJwk::new(x, y)` accepts exactly two canonical base64url encodings of 32 bytes
//!   (43 alphabet characters, the last one's two unused bits zero), else `invalid_jwk`;
//! - its proof header is base64url of exactly `{"typ":"dpop+jwt","alg":"ES256","jwk":
//!   {"kty":"EC","crv":"P-256","x":…,"y":…}}` (no other member, never `d`), and its
//!   thumbprint input is RFC 7638's exact bytes `{"crv":"P-256","kty":"EC","x":…,"y":…}`;
//! - `thumbprint_input` of any members is a JSON object with those members sorted by name
//!   (stable for equal names), nothing else.
#![no_main]
use dpop_spa::core::jwk::{thumbprint_input, EcPublicJwk};
use dpop_spa::error::code;
use dpop_spa_fuzz::{field, fields, members, ref_decode, string_members, B64URL};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

/// RFC 7518 §6.2.1.2/3: a P-256 coordinate is 32 octets; unpadded base64url of 32 octets is
/// 43 characters whose last carries 4 data bits and 2 zero bits.
fn spec_coordinate(c: &str) -> bool {
    let b = c.as_bytes();
    b.len() == 43
        && b.iter().all(|x| B64URL.contains(x))
        && B64URL.iter().position(|&a| a == b[42]).is_some_and(|v| v & 3 == 0)
}

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let (x, y) = (field(&f, 0), field(&f, 1));
    match EcPublicJwk::new(x, y) {
        Ok(jwk) => {
            assert!(spec_coordinate(x) && spec_coordinate(y), "accepted {x:?} {y:?}");
            let header = ref_decode(&jwk.proof_header_b64()).expect("base64url header");
            let header: serde_json::Value = serde_json::from_slice(&header).expect("JSON header");
            let want = json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": {"kty": "EC", "crv": "P-256", "x": x, "y": y}});
            assert_eq!(header, want);
            assert_eq!(header["jwk"].as_object().map(|o| o.len()), Some(4));
            assert_eq!(jwk.thumbprint_input(), format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#));
        }
        Err(e) => {
            assert!(!(spec_coordinate(x) && spec_coordinate(y)), "refused {x:?} {y:?}");
            assert_eq!(e.code(), code::INVALID_JWK);
        }
    }

    // A key has four members; a few dozen cover the sort without a quadratic slow-down.
    let rest = f.get(2..).unwrap_or(&[]);
    let rest = &rest[..rest.len().min(64)];
    let pairs: Vec<(&str, &str)> = rest.chunks(2).map(|p| (p[0].as_str(), p.get(1).map_or("", String::as_str))).collect();
    let mut sorted = pairs.clone();
    sorted.sort_by(|a, b| a.0.cmp(b.0)); // stable; str order is code point order (RFC 7638 §3.3)
    let out = thumbprint_input(&pairs);
    assert_eq!(members(&out), string_members(&sorted), "{out:?}");
});
