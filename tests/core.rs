//! Native tests of the pure protocol modules: behaviour, malformed input and limits.
#![cfg(not(target_arch = "wasm32"))]

use dpop_spa::core::{b64, challenge, clock::{self, learn, offset, Source}, htu::{domain_url, Htu}, json, jwk::EcPublicJwk, nonce::*, proof::*, retry::*};
use dpop_spa::error::code;

#[test]
fn b64_round_trips_every_length_and_rejects_junk() {
    let data: Vec<u8> = (0..=255u8).collect();
    for n in 0..data.len() {
        let e = b64::encode(&data[..n]);
        assert!(!e.contains('=') && !e.contains('+') && !e.contains('/'));
        assert_eq!(b64::decode(&e).as_deref(), Some(&data[..n]));
    }
    for bad in ["a", "ab=c", "a b", "ab+/", "AB", "ABC"] {
        // "AB" and "ABC" have non-zero trailing bits.
        assert_eq!(b64::decode(bad), None, "{bad}");
    }
    // RFC 4648 §10 vectors, url alphabet, no padding.
    for (i, o) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
        assert_eq!(b64::encode(i.as_bytes()), o);
    }
}

#[test]
fn json_strings_are_escaped() {
    let mut s = String::new();
    json::push_str(&mut s, "a\"b\\c\n\u{1}é");
    assert_eq!(s, r#""a\"b\\c\n\u0001é""#);
    let v: String = serde_json::from_str(&s).unwrap();
    assert_eq!(v, "a\"b\\c\n\u{1}é");
    for n in [0u64, 7, 10, 1_700_000_000, u64::MAX] {
        let mut s = String::new();
        json::push_u64(&mut s, n);
        assert_eq!(s, n.to_string());
    }
}

#[test]
fn htu_normalises_and_rejects() {
    let cases = [
        ("https://api.example.com/r?q=1#f", "https://api.example.com/r", "https://api.example.com"),
        ("HTTPS://API.Example.COM:443/Path/", "https://api.example.com/Path/", "https://api.example.com"),
        ("http://user:pw@host:80", "http://host/", "http://host"),
        ("http://host:8080/a/b;c", "http://host:8080/a/b;c", "http://host:8080"),
        ("https://h:0443/", "https://h/", "https://h"),
        ("https://h:/x", "https://h/x", "https://h"),
        ("http://[::1]:3000/x?y", "http://[::1]:3000/x", "http://[::1]:3000"),
        ("http://[::1]/", "http://[::1]/", "http://[::1]"),
        ("https://h#frag", "https://h/", "https://h"),
        ("https://h?q", "https://h/", "https://h"),
        ("https://a@b@c/x", "https://c/x", "https://c"),
        // Chromium's URL parser leaves some escapes in hosts (RFC 3986 allows them in a
        // reg-name): kept, their hex digits as given, the rest lower-cased.
        ("https://API.examp%20le.COM/x", "https://api.examp%20le.com/x", "https://api.examp%20le.com"),
        ("https://a%7Bb%7d/", "https://a%7Bb%7d/", "https://a%7Bb%7d"),
    ];
    for (input, value, origin) in cases {
        let h = Htu::parse(input).unwrap_or_else(|e| panic!("{input}: {e:?}"));
        assert_eq!((h.as_str(), h.origin()), (value, origin), "{input}");
    }
    let huge = format!("https://h/{}", "a".repeat(10_000));
    let bad = [
        "", "/relative", "example.com/x", "ftp://h/", "javascript:alert(1)", "https:/h", "https://", "https:///x",
        "https://h:65536/", "https://h:-1/", "https://h:8x/", "https://[::1/", "https://[zz]/", "https://h x/",
        "https://h/\n", "https://hé/", "https://h%4/", "https://h%/", "https://h%zz/", "https://%4g.x/", &huge, "https://@/",
    ];
    for input in bad {
        assert_eq!(Htu::parse(input).map_err(|e| e.code()), Err(code::INVALID_URL), "{input:.40}");
    }
}

#[test]
fn domain_url_defaults_to_https() {
    assert_eq!(domain_url("tenant.auth0.com"), "https://tenant.auth0.com");
    assert_eq!(domain_url("http://127.0.0.1:4000/"), "http://127.0.0.1:4000");
}

const X: &str = "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs";
const Y: &str = "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA";

#[test]
fn jwk_header_has_public_members_only() {
    let jwk = EcPublicJwk::new(X, Y).unwrap();
    let header: serde_json::Value = serde_json::from_slice(&b64::decode(&jwk.proof_header_b64()).unwrap()).unwrap();
    assert_eq!(
        header,
        serde_json::json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": {"kty": "EC", "crv": "P-256", "x": X, "y": Y}})
    );
    assert_eq!(jwk.thumbprint_input(), format!(r#"{{"crv":"P-256","kty":"EC","x":"{X}","y":"{Y}"}}"#));
    let short = &X[..42];
    for (x, y) in [(short, Y), (X, "not base64!"), ("", ""), (X, &format!("{Y}A"))] {
        assert_eq!(EcPublicJwk::new(x, y).map_err(|e| e.code()), Err(code::INVALID_JWK));
    }
}

#[test]
fn claims_in_order_with_optional_ath_and_nonce() {
    let htu = Htu::parse("https://rs.example/r?secret=1").unwrap();
    let c = ProofClaims { jti: "id", htm: "GET", htu: &htu, iat: 1_700_000_000, ath: Some("ATH"), nonce: Some("n-1") };
    assert_eq!(
        claims_json(&c),
        r#"{"jti":"id","htm":"GET","htu":"https://rs.example/r","iat":1700000000,"ath":"ATH","nonce":"n-1"}"#
    );
    let input = signing_input("HDR", &c);
    let (h, claims) = input.split_once('.').unwrap();
    assert_eq!(h, "HDR");
    assert_eq!(b64::decode(claims).unwrap(), claims_json(&c).as_bytes());
    let jws = compact(input.clone(), &[0xff; 64]);
    assert_eq!(jws, format!("{input}.{}", b64::encode(&[0xff; 64])));
}

#[test]
fn inputs_are_checked() {
    for m in ["GET", "POST", "patch", "M-SEARCH"] {
        assert!(check_method(m).is_ok(), "{m}");
    }
    for m in ["", "GE T", "GET\r\n", "G\"", &"A".repeat(65)] {
        assert_eq!(check_method(m).map_err(|e| e.code()), Err(code::INVALID_METHOD));
    }
    for n in ["eyJ7S_zG.eyJH0-Z.HX4w-7v", "!#[]~", "a"] {
        assert!(check_nonce(n).is_ok(), "{n}");
    }
    for n in ["", "a b", "a\"b", "a\\b", "é", &"n".repeat(MAX_NONCE_LEN + 1)] {
        assert_eq!(check_nonce(n).map_err(|e| e.code()), Err(code::INVALID_NONCE), "{n:.20}");
    }
    for t in ["abc.def-ghi_jkl~+/", "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU", "abc=="] {
        assert!(check_access_token(t).is_ok(), "{t}");
    }
    for t in ["", "===", "a b", "a\r\nX-Evil: 1", "é", &"t".repeat(MAX_TOKEN_LEN + 1)] {
        assert_eq!(check_access_token(t).map_err(|e| e.code()), Err(code::INVALID_ACCESS_TOKEN), "{t:.20}");
    }
}

#[test]
fn nonce_cache_is_per_key_lru_and_bounded() {
    let mut c = NonceCache::new(3);
    c.set(NonceKey::Origin("https://a"), "1");
    c.set(NonceKey::Id("https://a"), "id");
    assert_eq!(c.get(NonceKey::Origin("https://a")), Some("1"), "ids and origins do not collide");
    c.set(NonceKey::Origin("https://b"), "2");
    c.set(NonceKey::Origin("https://a"), "1b"); // update refreshes recency
    c.set(NonceKey::Origin("https://c"), "3"); // evicts the least recent: the id
    assert_eq!(c.len(), 3);
    assert_eq!(c.get(NonceKey::Id("https://a")), None);
    assert_eq!(c.get(NonceKey::Origin("https://a")), Some("1b"));
    c.get(NonceKey::Origin("https://b"));
    c.set(NonceKey::Origin("https://d"), "4"); // c is now least recent
    assert_eq!(c.get(NonceKey::Origin("https://c")), None);
    assert_eq!(c.get(NonceKey::Origin("https://b")), Some("2"));
    c.clear();
    assert!(c.is_empty());

    let mut big = NonceCache::default();
    for i in 0..1000 {
        big.set(NonceKey::Origin(&format!("https://h{i}")), "n");
    }
    assert_eq!(big.len(), DEFAULT_CAPACITY);
    assert_eq!(big.get(NonceKey::Origin("https://h999")), Some("n"));
    assert_eq!(big.get(NonceKey::Origin("https://h0")), None);
}

#[test]
fn id_nonces_are_used_only_for_the_origin_that_sent_them() {
    let mut c = NonceCache::default();
    c.set_from(NonceKey::Id("api"), "from-a", Some("https://a"));
    assert_eq!(c.get_for(NonceKey::Id("api"), "https://a"), Some("from-a"));
    assert_eq!(c.get_for(NonceKey::Id("api"), "https://b"), None, "never sent to another server");
    assert_eq!(c.get(NonceKey::Id("api")), Some("from-a"), "getDpopNonce(id) still sees it");
    c.set(NonceKey::Id("api"), "by-hand");
    assert_eq!(c.get_for(NonceKey::Id("api"), "https://b"), Some("by-hand"), "setDpopNonce applies anywhere");
}

#[test]
fn retry_policy_serves_token_endpoint_and_resource_servers() {
    let rs = |status, err: Option<&'static str>, new_nonce| Outcome { status, challenge_error: err, body_error: None, new_nonce, new_offset: false };
    let asr = |status, err: Option<&'static str>, new_nonce| Outcome { status, challenge_error: None, body_error: err, new_nonce, new_offset: false };
    assert_eq!(decide(0, &rs(401, Some("use_dpop_nonce"), true)), Decision::Retry);
    assert_eq!(decide(0, &asr(400, Some("use_dpop_nonce"), true)), Decision::Retry);
    // Refused again, or no nonce to retry with: give up, never loop.
    assert_eq!(decide(1, &rs(401, Some("use_dpop_nonce"), true)), Decision::UseDpopNonce);
    assert_eq!(decide(7, &asr(400, Some("use_dpop_nonce"), true)), Decision::UseDpopNonce);
    assert_eq!(decide(0, &rs(401, Some("use_dpop_nonce"), false)), Decision::UseDpopNonce);
    // Anything else goes back to the caller as is.
    for o in [
        rs(200, None, true),
        rs(401, Some("invalid_token"), true),
        rs(401, Some("invalid_dpop_nonce"), true), // not RFC 9449's code (auth0-spa-js accepts it)
        rs(400, Some("use_dpop_nonce"), true),      // a challenge counts on 401 only
        asr(401, Some("use_dpop_nonce"), true),     // a JSON error counts on 400 only
        asr(400, Some("invalid_grant"), true),
        rs(500, None, false),
    ] {
        assert_eq!(decide(0, &o), Decision::Accept, "{o:?}");
    }
}

#[test]
fn retry_on_a_rejected_proof_only_when_the_clock_offset_moved() {
    let late = |status, challenge: Option<&'static str>, body: Option<&'static str>, new_offset| Outcome { status, challenge_error: challenge, body_error: body, new_nonce: false, new_offset };
    assert_eq!(decide(0, &late(401, Some("invalid_dpop_proof"), None, true)), Decision::Retry);
    assert_eq!(decide(0, &late(400, None, Some("invalid_dpop_proof"), true)), Decision::Retry, "a token endpoint's JSON error");
    assert_eq!(decide(1, &late(401, Some("invalid_dpop_proof"), None, true)), Decision::Accept, "the single retry is used up");
    assert_eq!(decide(0, &late(401, Some("invalid_dpop_proof"), None, false)), Decision::Accept, "nothing learned: nothing to correct");
    assert_eq!(decide(0, &late(401, Some("invalid_token"), None, true)), Decision::Accept);
    assert_eq!(decide(0, &late(200, None, None, true)), Decision::Accept);
    // A nonce error that also moved the clock: still the one retry, then UseDpopNonce.
    let both = Outcome { status: 401, challenge_error: Some("use_dpop_nonce"), body_error: None, new_nonce: true, new_offset: true };
    assert_eq!(decide(0, &both), Decision::Retry);
    assert_eq!(decide(1, &both), Decision::UseDpopNonce);
}

#[test]
fn clock_offsets_by_source_and_origin() {
    let (asr, api) = ("https://as", "https://api");
    let mut t = NonceCache::default();
    assert_eq!(offset(&t, api, asr), 0.0, "nothing known: the device clock");
    learn(&mut t, asr, 10_600.5, 10_000.0, Source::IdToken);
    assert_eq!(t.offset(asr), Some((600.5, Source::IdToken)));
    assert_eq!(offset(&t, api, asr), 600.5, "the AS's offset for an API with none of its own");
    learn(&mut t, asr, 9_400.0, 10_000.0, Source::Date);
    assert_eq!(offset(&t, asr, asr), -600.0, "a Date header replaces an ID token's iat");
    learn(&mut t, asr, 10_600.0, 10_000.0, Source::IdToken);
    assert_eq!(offset(&t, asr, asr), -600.0, "and an iat does not replace a Date");
    learn(&mut t, api, 10_030.0, 10_000.0, Source::Date);
    assert_eq!(offset(&t, api, asr), 0.0, "30 s is noise, and the API's own reading wins over the AS's");
    for (o, applied) in [(60.0, 0.0), (60.5, 60.5), (-61.0, -61.0), (43_199.0, 43_199.0), (43_200.0, 0.0), (-43_200.0, 0.0), (f64::MAX, 0.0), (f64::NAN, 0.0)] {
        assert_eq!(clock::applied(o), applied, "{o}");
    }
    learn(&mut t, api, f64::NAN, 10_000.0, Source::Date);
    learn(&mut t, api, f64::INFINITY, 10_000.0, Source::Date);
    assert_eq!(t.offset(api), Some((30.0, Source::Date)), "non-finite readings are ignored");
    learn(&mut t, api, 1e300, 0.0, Source::Date);
    assert_eq!(offset(&t, api, asr), 0.0, "an absurd reading is not applied");
    // Offsets share the nonce table and never read as nonces.
    assert_eq!(t.get(NonceKey::Origin(api)), None);
    t.set(NonceKey::Origin(api), "n1");
    assert_eq!(t.get(NonceKey::Origin(api)), Some("n1"));
    assert_eq!(t.offset(api).map(|(_, s)| s), Some(Source::Date));
    for i in 0..(DEFAULT_CAPACITY + 5) {
        learn(&mut t, &format!("https://h{i}"), 0.0, 0.0, Source::Date);
    }
    assert_eq!(t.len(), DEFAULT_CAPACITY, "bounded");
    t.clear();
    assert!(t.is_empty() && t.offset(asr).is_none(), "logout forgets them with the nonces");
}

#[test]
fn challenge_picks_the_dpop_scheme_only() {
    assert_eq!(challenge::dpop_error(r#"Bearer error="use_dpop_nonce""#), None);
    assert_eq!(challenge::dpop_error(r#"Bearer error="x", DPoP error="use_dpop_nonce""#).as_deref(), Some("use_dpop_nonce"));
    assert_eq!(challenge::dpop_error(r#"dpop ERROR=use_dpop_nonce"#).as_deref(), Some("use_dpop_nonce"));
    // The substring is there, but inside another scheme's quoted value.
    assert_eq!(challenge::dpop_error(r#"Bearer realm="DPoP error=use_dpop_nonce""#), None);
    assert_eq!(challenge::dpop_error(r#"DPoP error="use_dpop_nonce"#), None, "malformed: no DPoP error");
    // A malformed challenge drops only itself: a good DPoP challenge after it still counts...
    let h = r#"Bearer realm=example.com/api, DPoP error="use_dpop_nonce""#;
    assert_eq!(challenge::dpop_error(h).as_deref(), Some("use_dpop_nonce"));
    // ...a malformed DPoP challenge never does, even next to good ones...
    assert_eq!(challenge::dpop_error(r#"Bearer realm="api", DPoP error="use_dpop_nonce" algs="ES256""#), None);
    assert_eq!(challenge::dpop_error(r#"DPoP error="use_dpop_nonce", =b, Bearer realm="api""#), None);
    assert_eq!(challenge::dpop_error(r#"DPoP error="invalid_token" x, DPoP error="use_dpop_nonce""#).as_deref(), Some("use_dpop_nonce"));
    // ...and nothing inside quotes starts one, even after the error or in an unterminated string.
    assert_eq!(challenge::dpop_error(r#"Bearer realm=a/b, title="x, DPoP error=use_dpop_nonce""#), None);
    assert_eq!(challenge::dpop_error(r#"Bearer realm="abc, DPoP error="use_dpop_nonce""#), None);
    assert_eq!(challenge::dpop_error(r#"Bearer realm="abc, DPoP error=use_dpop_nonce"#), None);
    assert_eq!(challenge::dpop_error("Bearer realm=\"a\u{1}, DPoP error=use_dpop_nonce\", Basic"), None);
    // Only malformed challenges: still an error.
    assert_eq!(challenge::parse("Basic a:b, Bearer realm=x/y").map_err(|e| e.code()), Err(code::INVALID_CHALLENGE));
    // A long run of commas and parameter-like elements after the error: none starts a challenge.
    let long = "Bearer a:b".to_string() + &", ,x=".repeat(3000);
    assert_eq!(challenge::parse(&long).map_err(|e| e.code()), Err(code::INVALID_CHALLENGE));
    let huge = "DPoP ".to_string() + &"a=b, ".repeat(5000);
    assert_eq!(challenge::parse(&huge).map_err(|e| e.code()), Err(code::INVALID_CHALLENGE));
}

#[test]
fn errors_never_format_secrets() {
    let mut e = dpop_spa::Error::new(code::USE_DPOP_NONCE, "Server rejected DPoP proof: wrong nonce");
    e.new_nonce = Some("secret-nonce".into());
    assert_eq!(format!("{e:?}"), "use_dpop_nonce");
}
