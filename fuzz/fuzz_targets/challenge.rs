//! `WWW-Authenticate` parsing (src/core/challenge.rs) on arbitrary header text. Properties:
//! - the result is never an empty list; schemes and parameter names are lower-case tokens,
//!   parameter names unique per challenge, a token68 only without parameters;
//! - the list printed (as a server would) and parsed again is the same list;
//! - `dpop_error` is the `error` of the first `dpop` challenge of that list;
//! - resynchronisation: a well-formed `DPoP` challenge appended after `, ` is always the
//!   last challenge parsed, unless the header ends inside a quoted-string (which, by the
//!   module's rule, swallows the rest).
#![no_main]
use dpop_spa::core::challenge::{dpop_error, parse, Challenge, MAX_HEADER_LEN};
use dpop_spa::error::code;
use dpop_spa_fuzz::{ends_in_quote, print_challenges, spec_tchar, text};
use libfuzzer_sys::fuzz_target;

fn check_shape(cs: &[Challenge], header: &str) {
    assert!(!cs.is_empty(), "Ok(empty) for {header:?}");
    let lower_token = |t: &str| !t.is_empty() && t.bytes().all(|b| spec_tchar(b) && !b.is_ascii_uppercase());
    for c in cs {
        assert!(lower_token(&c.scheme), "{c:?}");
        assert!(c.token68.is_none() || c.params.is_empty(), "{c:?}");
        for (i, (n, _)) in c.params.iter().enumerate() {
            assert!(lower_token(n), "{c:?}");
            assert!(c.params[..i].iter().all(|(m, _)| m != n), "duplicate parameter in {c:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let h = text(data);
    match parse(&h) {
        Ok(cs) => {
            check_shape(&cs, &h);
            let printed = print_challenges(&cs);
            assert_eq!(parse(&printed).as_ref(), Ok(&cs), "printed {printed:?} from {h:?}");
            let want = cs.iter().find(|c| c.scheme == "dpop").and_then(|c| c.param("error")).map(String::from);
            assert_eq!(dpop_error(&h), want, "{h:?}");
        }
        Err(e) => {
            assert_eq!(e.code(), code::INVALID_CHALLENGE);
            assert_eq!(dpop_error(&h), None);
        }
    }

    const TAIL: &str = r#", DPoP error="use_dpop_nonce", algs="ES256""#;
    let joined = format!("{h}{TAIL}");
    if joined.len() <= MAX_HEADER_LEN {
        let want = Challenge {
            scheme: "dpop".into(),
            token68: None,
            params: vec![("error".into(), "use_dpop_nonce".into()), ("algs".into(), "ES256".into())],
        };
        let got = parse(&joined);
        if ends_in_quote(&h) {
            assert!(got.as_ref().map_or(true, |cs| cs.last() != Some(&want)), "a quoted tail was parsed: {joined:?}");
        } else {
            let cs = got.unwrap_or_else(|_| panic!("the appended challenge was lost: {joined:?}"));
            assert_eq!(cs.last(), Some(&want), "{joined:?}");
        }
    }
});
