//! Native tests of the login-flow pure modules: ID token checks and token_type.
#![cfg(not(target_arch = "wasm32"))]

use dpop_spa::core::{b64, id_token::*};
use dpop_spa::error::code;

fn claims() -> Claims {
    Claims {
        iss: Some("http://as/".into()),
        sub: Some("alice".into()),
        aud: vec!["spa".into()],
        azp: None,
        exp: Some(1000.0),
        iat: Some(900.0),
        nbf: None,
        nonce: Some("n".into()),
        auth_time: Some(900.0),
    }
}

fn expected(now: f64) -> Expected<'static> {
    Expected { iss: "http://as/", aud: "spa", nonce: Some("n"), leeway: 60, max_age: None, now }
}

#[test]
fn id_token_checks() {
    let ok = |c: &Claims, e: &Expected| validate(Some("RS256"), c, e);
    assert!(ok(&claims(), &expected(950.0)).is_ok());
    assert!(ok(&claims(), &expected(1059.0)).is_ok(), "leeway");
    type Tamper = Box<dyn Fn(&mut Claims, &mut Expected)>;
    let fails: Vec<(&str, Tamper)> = vec![
        ("iss", Box::new(|c, _| c.iss = Some("http://evil/".into()))),
        ("iss missing", Box::new(|c, _| c.iss = None)),
        ("sub", Box::new(|c, _| c.sub = None)),
        ("aud", Box::new(|c, _| c.aud = vec!["other".into()])),
        ("azp needed", Box::new(|c, _| c.aud = vec!["spa".into(), "other".into()])),
        ("azp wrong", Box::new(|c, _| { c.aud = vec!["spa".into(), "other".into()]; c.azp = Some("other".into()) })),
        ("nonce", Box::new(|c, _| c.nonce = Some("m".into()))),
        ("nonce missing", Box::new(|c, _| c.nonce = None)),
        ("exp", Box::new(|_, e| e.now = 1061.0)),
        ("exp missing", Box::new(|c, _| c.exp = None)),
        ("exp NaN", Box::new(|c, _| c.exp = Some(f64::NAN))),
        ("iat missing", Box::new(|c, _| c.iat = None)),
        ("nbf", Box::new(|c, _| c.nbf = Some(1100.0))),
        ("max_age", Box::new(|c, e| { c.auth_time = Some(800.0); e.max_age = Some(10) })),
        ("auth_time missing", Box::new(|c, e| { c.auth_time = None; e.max_age = Some(10_000) })),
    ];
    for (name, f) in fails {
        let (mut c, mut e) = (claims(), expected(950.0));
        f(&mut c, &mut e);
        assert_eq!(ok(&c, &e).map_err(|e| e.code()), Err(code::INVALID_ID_TOKEN), "{name}");
    }
    let mut c = claims();
    c.aud = vec!["spa".into(), "other".into()];
    c.azp = Some("spa".into());
    assert!(ok(&c, &expected(950.0)).is_ok(), "several audiences with the right azp");
    for alg in [None, Some("none"), Some("HS256"), Some("rs256")] {
        assert_eq!(validate(alg, &claims(), &expected(950.0)).map_err(|e| e.code()), Err(code::INVALID_ID_TOKEN));
    }
}

#[test]
fn id_token_split() {
    let h = b64::encode(br#"{"alg":"RS256"}"#);
    let p = b64::encode(br#"{"sub":"a"}"#);
    let (hh, pp) = split(&format!("{h}.{p}.sig")).unwrap();
    assert_eq!((hh.as_slice(), pp.as_slice()), (&br#"{"alg":"RS256"}"#[..], &br#"{"sub":"a"}"#[..]));
    let huge = "a".repeat(100_001);
    for bad in ["", "a.b", &format!("{h}.{p}."), &format!("{h}.{p}.s.x"), "!!.??.s", &format!("{huge}.{p}.s")] {
        assert_eq!(split(bad).map(|_| ()).map_err(|e| e.code()), Err(code::INVALID_ID_TOKEN), "{bad:.30}");
    }
}

#[test]
fn token_type_is_case_insensitive() {
    assert_eq!(token_type(Some("DPoP")), Ok(TokenType::DPoP));
    assert_eq!(token_type(Some("dpop")), Ok(TokenType::DPoP));
    assert_eq!(token_type(Some("BEARER")), Ok(TokenType::Bearer));
    for t in [None, Some(""), Some("mac"), Some("DPoP ")] {
        assert_eq!(token_type(t).map_err(|e| e.code()), Err(code::INVALID_RESPONSE));
    }
}
