//! ID-token claim checks (src/core/id_token.rs `validate`, OIDC Core §3.1.3.7 as auth0-spa-js
//! makes them). Properties:
//! - `validate` accepts exactly what a predicate written out from the rules accepts: `iss`
//!   equal, `sub` present and not empty, `alg` RS256, our client in `aud` (and `azp` ours
//!   when there are several), the nonce when we sent one, `exp` and `iat` finite numbers,
//!   now ≤ exp + leeway, now ≥ nbf − leeway when `nbf` is a finite number, and with
//!   `max_age` a finite `auth_time` with now ≤ auth_time + max_age + leeway;
//!   a refusal is always `invalid_id_token`;
//! - monotonic: an accepted token stays accepted with a larger leeway, without `max_age`,
//!   and without an expected nonce.
#![no_main]
use arbitrary::Arbitrary;
use dpop_spa::core::id_token::{validate, Claims, Expected};
use dpop_spa::error::code;
use libfuzzer_sys::fuzz_target;

/// Strings from a few values that make matches likely, or anything.
#[derive(Arbitrary, Debug)]
enum S {
    Pick(u8),
    Any(String),
}
impl S {
    fn get(&self) -> String {
        const PICKS: [&str; 8] = ["https://as.example/", "client", "n0nce", "", "RS256", "HS256", "rs256", "https://as.example"];
        match self {
            S::Pick(i) => PICKS[*i as usize % PICKS.len()].into(),
            S::Any(s) => s.clone(),
        }
    }
}

/// Times near a fixed now, or any number (NaN and infinities included).
#[derive(Arbitrary, Debug)]
enum T {
    Near(i16),
    Any(f64),
}
const NOW: f64 = 1_700_000_000.0;
impl T {
    fn get(&self) -> f64 {
        match self {
            T::Near(d) => NOW + *d as f64,
            T::Any(x) => *x,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Gen {
    alg: Option<S>,
    iss: Option<S>,
    sub: Option<S>,
    aud: Vec<S>,
    azp: Option<S>,
    exp: Option<T>,
    iat: Option<T>,
    nbf: Option<T>,
    nonce: Option<S>,
    auth_time: Option<T>,
    e_iss: S,
    e_aud: S,
    e_nonce: Option<S>,
    leeway: u16,
    max_age: Option<u32>,
    now: i16,
}

fn spec(alg: Option<&str>, c: &Claims, e: &Expected<'_>) -> bool {
    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
    let l = e.leeway as f64;
    let audience_ok = c.aud.iter().any(|a| a == e.aud) && (c.aud.len() == 1 || c.azp.as_deref() == Some(e.aud));
    let nonce_ok = match e.nonce {
        None => true,
        Some(n) => c.nonce.as_deref() == Some(n),
    };
    let exp_ok = matches!(finite(c.exp), Some(exp) if e.now <= exp + l);
    let nbf_ok = match finite(c.nbf) {
        None => true,
        Some(nbf) => e.now >= nbf - l,
    };
    let max_age_ok = match e.max_age {
        None => true,
        Some(m) => matches!(finite(c.auth_time), Some(at) if e.now <= at + m as f64 + l),
    };
    c.iss.as_deref() == Some(e.iss)
        && matches!(c.sub.as_deref(), Some(s) if !s.is_empty())
        && alg == Some("RS256")
        && audience_ok
        && nonce_ok
        && exp_ok
        && finite(c.iat).is_some()
        && nbf_ok
        && max_age_ok
}

fuzz_target!(|g: Gen| {
    let s = |o: &Option<S>| o.as_ref().map(S::get);
    let t = |o: &Option<T>| o.as_ref().map(T::get);
    let c = Claims {
        iss: s(&g.iss),
        sub: s(&g.sub),
        aud: g.aud.iter().map(S::get).collect(),
        azp: s(&g.azp),
        exp: t(&g.exp),
        iat: t(&g.iat),
        nbf: t(&g.nbf),
        nonce: s(&g.nonce),
        auth_time: t(&g.auth_time),
    };
    let (alg, e_iss, e_aud, e_nonce) = (s(&g.alg), g.e_iss.get(), g.e_aud.get(), s(&g.e_nonce));
    let e = Expected {
        iss: &e_iss,
        aud: &e_aud,
        nonce: e_nonce.as_deref(),
        leeway: g.leeway as u64,
        max_age: g.max_age.map(u64::from),
        now: NOW + g.now as f64,
    };
    let got = validate(alg.as_deref(), &c, &e);
    assert_eq!(got.is_ok(), spec(alg.as_deref(), &c, &e), "{c:?} {e:?} {alg:?}");
    match got {
        Err(err) => assert_eq!(err.code(), code::INVALID_ID_TOKEN),
        Ok(()) => {
            let wider = Expected { leeway: e.leeway + 1000, ..e };
            assert!(validate(alg.as_deref(), &c, &wider).is_ok(), "a larger leeway refused it");
            let no_max_age = Expected { max_age: None, ..wider };
            assert!(validate(alg.as_deref(), &c, &no_max_age).is_ok(), "refused without max_age");
            let no_nonce = Expected { nonce: None, ..no_max_age };
            assert!(validate(alg.as_deref(), &c, &no_nonce).is_ok(), "refused without a nonce");
        }
    }
});
