//! The retry decision (src/core/retry.rs), alone and in a simulated request. Properties:
//! - `decide` retries only on attempt 0: for a nonce error (a 401 whose `DPoP` challenge
//!   says `use_dpop_nonce`, or a 400 whose JSON `error` does) that came with a new nonce, or
//!   for a rejected proof (`invalid_dpop_proof`, likewise) whose response moved the clock
//!   offset; it gives up with `UseDpopNonce` exactly on the other nonce errors, and accepts
//!   the rest;
//! - a request whose attempts are judged as `js/engine.js` `send` and `api::judge` do it
//!   (learn the `DPoP-Nonce`, parse `WWW-Authenticate`, decide) never makes more than two
//!   attempts, whatever the server answers, and a retry always carries the nonce that the
//!   rejected attempt's response taught.
#![no_main]
use arbitrary::Arbitrary;
use dpop_spa::core::{challenge, nonce::{NonceCache, NonceKey}, proof, retry::{decide, is_nonce_error, is_proof_error, Decision, Outcome}};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Text {
    Pick(u8),
    Any(String),
}
impl Text {
    fn error(&self) -> String {
        const E: [&str; 6] = ["use_dpop_nonce", "invalid_dpop_proof", "USE_DPOP_NONCE", "use_dpop_nonce ", "", "invalid_token"];
        match self {
            Text::Pick(i) => E[*i as usize % E.len()].into(),
            Text::Any(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Www {
    None,
    DPoP(Text),
    BearerThenDPoP(Text, Text),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Response {
    status: u8,
    raw_status: u16,
    www: Www,
    /// `DPoP-Nonce`: absent, a valid one, or anything.
    nonce: Option<Result<u8, String>>,
    body_error: Option<Text>,
    /// Whether its `Date` moved the origin's clock offset by more than a minute.
    new_offset: bool,
}

impl Response {
    fn status(&self) -> u16 {
        [200, 400, 401, 403, 500, self.raw_status][self.status as usize % 6]
    }
    fn www(&self) -> Option<String> {
        match &self.www {
            Www::None => None,
            Www::DPoP(e) => Some(format!(r#"DPoP error="{}", algs="ES256""#, e.error())),
            Www::BearerThenDPoP(b, d) => Some(format!(r#"Bearer error="{}", DPoP error="{}""#, b.error(), d.error())),
            Www::Raw(s) => Some(s.clone()),
        }
    }
    fn nonce(&self) -> Option<String> {
        match &self.nonce {
            None => None,
            Some(Ok(n)) => Some(format!("nonce-{n}")),
            Some(Err(s)) => Some(s.clone()),
        }
    }
}

/// RFC 9449 §8 / §9 written out: what makes a response a "use this nonce" error.
fn spec_nonce_error(status: u16, www: Option<&str>, body_error: Option<&str>) -> bool {
    let dpop = www.and_then(challenge::dpop_error);
    (status == 401 && dpop.as_deref() == Some("use_dpop_nonce")) || (status == 400 && body_error == Some("use_dpop_nonce"))
}

/// The same for a rejected proof (`invalid_dpop_proof`).
fn spec_proof_error(status: u16, www: Option<&str>, body_error: Option<&str>) -> bool {
    let dpop = www.and_then(challenge::dpop_error);
    (status == 401 && dpop.as_deref() == Some("invalid_dpop_proof")) || (status == 400 && body_error == Some("invalid_dpop_proof"))
}

fuzz_target!(|input: (u32, Vec<Response>)| {
    let (any_attempt, responses) = input;
    const ORIGIN: &str = "https://api.example";
    let mut nonces = NonceCache::default();
    let mut attempts = 0u32;
    let mut taught: Option<String> = None;
    for (attempt, r) in (0u32..).zip(responses.iter().chain(std::iter::repeat(&Response {
        status: 0,
        raw_status: 200,
        www: Www::None,
        nonce: None,
        body_error: None,
        new_offset: false,
    }))) {
        // prepare: the nonce this attempt's proof carries.
        let sent = nonces.get(NonceKey::Origin(ORIGIN)).map(String::from);
        if attempt > 0 {
            assert_eq!(sent, taught, "the retry does not carry the nonce just learned");
        }
        attempts += 1;
        assert!(attempts <= 2, "more than one retry");

        // judge
        let (status, www, body_error) = (r.status(), r.www(), r.body_error.as_ref().map(Text::error));
        let new_nonce = r.nonce().filter(|n| proof::check_nonce(n).is_ok());
        if let Some(n) = &new_nonce {
            nonces.set(NonceKey::Origin(ORIGIN), n);
        }
        let dpop = match (status, &www) {
            (401, Some(h)) => challenge::parse(h).ok().and_then(|cs| cs.into_iter().find(|c| c.scheme == "dpop")),
            _ => None,
        };
        let outcome = Outcome {
            status,
            challenge_error: dpop.as_ref().and_then(|c| c.param("error")),
            body_error: body_error.as_deref(),
            new_nonce: new_nonce.is_some(),
            new_offset: r.new_offset,
        };
        let nonce_error = spec_nonce_error(status, www.as_deref(), body_error.as_deref());
        let proof_error = spec_proof_error(status, www.as_deref(), body_error.as_deref());
        assert_eq!(is_nonce_error(&outcome), nonce_error);
        assert_eq!(is_proof_error(&outcome), proof_error);
        match decide(attempt, &outcome) {
            Decision::Retry => {
                assert!(attempt == 0 && ((nonce_error && new_nonce.is_some()) || (!nonce_error && proof_error && r.new_offset)));
                // A clock retry carries whatever nonce the table then has.
                taught = nonces.get(NonceKey::Origin(ORIGIN)).map(String::from);
            }
            Decision::Accept => {
                assert!(!nonce_error);
                break;
            }
            Decision::UseDpopNonce => {
                assert!(nonce_error && (attempt > 0 || new_nonce.is_none()));
                break;
            }
        }
    }

    // The decision alone, at any attempt number and for any outcome text.
    for r in responses.iter().take(4) {
        let (b, w) = (r.body_error.as_ref().map(Text::error), r.www());
        let o = Outcome { status: r.status(), challenge_error: w.as_deref(), body_error: b.as_deref(), new_nonce: r.nonce.is_some(), new_offset: r.new_offset };
        let d = decide(any_attempt, &o);
        let clock_retry = any_attempt == 0 && !is_nonce_error(&o) && is_proof_error(&o) && o.new_offset;
        assert_eq!(d == Decision::Accept, !is_nonce_error(&o) && !clock_retry);
        assert_eq!(d == Decision::Retry, any_attempt == 0 && ((is_nonce_error(&o) && o.new_nonce) || clock_retry));
        assert_eq!(d == Decision::UseDpopNonce, is_nonce_error(&o) && !(any_attempt == 0 && o.new_nonce));
    }
});
