//! Proof checks and claims (src/core/proof.rs). Properties:
//! - `check_method`, `check_nonce` and `check_access_token` accept exactly what a predicate
//!   written from the ABNF accepts (RFC 9110 `token` of at most 64; RFC 9449 §8.1
//!   `1*NQCHAR` of at most 2048; RFC 9110 `token68` of at most 65536), else their own code;
//! - `claims_json` is a JSON object of exactly `jti htm htu iat [ath] [nonce]` in that
//!   order with the given values (`iat` the same integer);
//! - the signing input is `header "." base64url(claims)` and `compact` adds exactly one
//!   `"." base64url(signature)`.
#![no_main]
use dpop_spa::core::{b64, htu::Htu, proof::*};
use dpop_spa::error::code;
use dpop_spa_fuzz::{field, fields, members, number, ref_decode};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn spec_method(m: &str) -> bool {
    (1..=64).contains(&m.len()) && m.bytes().all(dpop_spa_fuzz::spec_tchar)
}

fn spec_nonce(n: &str) -> bool {
    // NQCHAR = %x21 / %x23-5B / %x5D-7E: visible ASCII but DQUOTE and backslash.
    (1..=2048).contains(&n.len()) && n.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'"' && b != b'\\')
}

fn spec_access_token(t: &str) -> bool {
    t.len() <= 65536 && dpop_spa_fuzz::spec_token68(t)
}

fn agrees(r: Result<(), dpop_spa::Error>, spec: bool, want_code: &str, input: &str) {
    assert_eq!(r.is_ok(), spec, "{want_code}: {input:?}");
    if let Err(e) = r {
        assert_eq!(e.code(), want_code);
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let (method, nonce, token, url, jti, ath) = (field(&f, 0), field(&f, 1), field(&f, 2), field(&f, 3), field(&f, 4), field(&f, 5));
    agrees(check_method(method), spec_method(method), code::INVALID_METHOD, method);
    agrees(check_nonce(nonce), spec_nonce(nonce), code::INVALID_NONCE, nonce);
    agrees(check_access_token(token), spec_access_token(token), code::INVALID_ACCESS_TOKEN, token);
    let flags = field(&f, 7).bytes().next().unwrap_or(0);
    if flags & 4 != 0 {
        // The inputs repeated up to and past the length limits.
        let k = (flags >> 3) as usize;
        let n = nonce.repeat((2048 + k - 4) / nonce.len().max(1));
        agrees(check_nonce(&n), spec_nonce(&n), code::INVALID_NONCE, "long nonce");
        let t = token.repeat((65536 + k - 4) / token.len().max(1));
        agrees(check_access_token(&t), spec_access_token(&t), code::INVALID_ACCESS_TOKEN, "long token");
    }

    let htu = Htu::parse(url).unwrap_or_else(|_| Htu::parse("https://server.example.com/token").unwrap());
    let iat = number(field(&f, 6));
    let c = ProofClaims {
        jti,
        htm: method,
        htu: &htu,
        iat,
        ath: (flags & 1 != 0).then_some(ath),
        nonce: (flags & 2 != 0).then_some(nonce),
    };
    let json = claims_json(&c);
    let mut want: Vec<(String, Value)> = vec![
        ("jti".into(), jti.into()),
        ("htm".into(), method.into()),
        ("htu".into(), htu.as_str().into()),
        ("iat".into(), iat.into()),
    ];
    if let Some(a) = c.ath {
        want.push(("ath".into(), a.into()));
    }
    if let Some(n) = c.nonce {
        want.push(("nonce".into(), n.into()));
    }
    assert_eq!(members(&json), want, "{json:?}");

    let header = b64::encode(ath.as_bytes());
    let input = signing_input(&header, &c);
    let (h, rest) = input.split_once('.').expect("one dot");
    assert_eq!(h, header);
    assert_eq!(ref_decode(rest).as_deref(), Some(json.as_bytes()));
    let signature = field(&f, 6).as_bytes();
    let jws = compact(input.clone(), signature);
    let sig = jws.strip_prefix(&input).and_then(|s| s.strip_prefix('.')).expect("input '.' signature");
    assert_eq!(ref_decode(sig).as_deref(), Some(signature));
    assert_eq!(jws.matches('.').count(), 2);
});
