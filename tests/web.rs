//! The wasm exports and their WebCrypto glue, unit-level, in headless Chromium
//! (`wasm-pack test --headless --chrome`). Whole-package behaviour (IndexedDB, fetch, retries,
//! the login flow) is tested by tests/browser, tests/e2e and tests/package.
#![cfg(target_arch = "wasm32")]

use dpop_spa::api;
use dpop_spa::core::b64;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Independent of the SDK: WebCrypto used directly.
#[wasm_bindgen(inline_js = r#"
const dec = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
export async function verify(jwt) {
  const [h, c, s] = jwt.split('.');
  const header = JSON.parse(new TextDecoder().decode(dec(h)));
  const key = await crypto.subtle.importKey('jwk', header.jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, dec(s), new TextEncoder().encode(h + '.' + c));
}
export function claims(jwt) { return JSON.parse(new TextDecoder().decode(dec(jwt.split('.')[1]))); }
export async function exportRejects(key) { try { await crypto.subtle.exportKey('pkcs8', key); return false; } catch { return true; } }
"#)]
extern "C" {
    async fn verify(jwt: &str) -> JsValue;
    fn claims(jwt: &str) -> JsValue;
    async fn exportRejects(key: &JsValue) -> JsValue;
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn opt(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

async fn key_pair() -> JsValue {
    JsFuture::from(api::generate_key_pair().unwrap()).await.unwrap()
}

async fn proof(pair: &JsValue, method: &str, url: &str, nonce: Option<&str>, ath: Option<&str>) -> String {
    let jwk = JsFuture::from(api::export_jwk(&get(pair, "publicKey").into()).unwrap()).await.unwrap();
    let header = api::key_header(&get(&jwk, "x"), &get(&jwk, "y")).unwrap();
    let handle = api::core_new(&s("https://as.example"), false).unwrap();
    let started = api::sign_proof(handle, &get(pair, "privateKey").into(), &header.get(0), &method.into(), &url.into(), &opt(nonce), &opt(ath)).unwrap();
    let sig = JsFuture::from(js_sys::Promise::from(started.get(1))).await.unwrap();
    format!("{}.{}", started.get(0).as_string().unwrap(), b64::encode(&Uint8Array::new(&sig).to_vec()))
}

#[wasm_bindgen_test]
async fn generated_private_key_is_not_extractable() {
    let pair = key_pair().await;
    let private = get(&pair, "privateKey");
    assert_eq!(get(&private, "extractable"), JsValue::FALSE);
    assert_eq!(exportRejects(&private).await, JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn proof_verifies_with_its_header_jwk_and_carries_the_claims() {
    let pair = key_pair().await;
    let jwt = proof(&pair, "GET", "https://User:pw@RS.example:443/a?b#c", Some("n0"), Some("ATH")).await;
    assert_eq!(verify(&jwt).await, JsValue::TRUE);
    let c = claims(&jwt);
    assert_eq!(get(&c, "htu"), "https://rs.example/a");
    assert_eq!(get(&c, "htm"), "GET");
    assert_eq!(get(&c, "nonce"), "n0");
    assert_eq!(get(&c, "ath"), "ATH");
    let again = proof(&pair, "GET", "https://rs.example/a", None, None).await;
    assert_ne!(get(&claims(&again), "jti"), get(&c, "jti"), "a new jti every time");
    assert!(get(&claims(&again), "nonce").is_undefined() && get(&claims(&again), "ath").is_undefined());
}

#[wasm_bindgen_test]
fn bad_inputs_throw_coded_errors() {
    let code = |r: Result<js_sys::Array, JsValue>| get(&r.unwrap_err(), "code").as_string().unwrap();
    let (h, key) = ("e30", JsValue::NULL.unchecked_into::<web_sys::CryptoKey>());
    let (h, none) = (&s(h), &JsValue::UNDEFINED);
    let c = api::core_new(&s("https://as.example"), false).unwrap();
    assert_eq!(code(api::sign_proof(c, &key, h, &s("GE T"), &s("https://a/"), none, none)), "invalid_method");
    assert_eq!(code(api::sign_proof(c, &key, h, &s("GET"), &s("/relative"), none, none)), "invalid_url");
    assert_eq!(code(api::sign_proof(c, &key, h, &s("GET"), &s("https://a/"), &s("bad nonce"), none)), "invalid_nonce");
    assert_eq!(code(api::sign_proof(c, &key, h, none, &s("https://a/"), none, none)), "invalid_method", "a missing method");
    assert_eq!(get(&api::key_header(&s("x"), &s("y")).unwrap_err(), "code"), "invalid_jwk");
    assert_eq!(get(&api::check_access_token(&s("a b")).unwrap_err(), "code"), "invalid_access_token");
    assert_eq!(get(&api::check_access_token(&JsValue::from_f64(1.0)).unwrap_err(), "code"), "invalid_access_token", "not a string");
}

#[wasm_bindgen_test]
fn nonces_and_the_retry_decision() {
    let core = api::core_new(&s("http://127.0.0.1:4000"), false).unwrap();
    let other = api::core_new(&s("as.example"), false).unwrap();
    let none = &JsValue::UNDEFINED;
    let (api_, www) = (&s("api"), &s(r#"Bearer realm="x", DPoP error="use_dpop_nonce", error_description="fresh one""#));
    let judge = |origin: &str, id: &JsValue, attempt, status, nonce: &JsValue, www: &JsValue, body_error: &JsValue| {
        api::core_judge(core, &s(origin), id, attempt, status, nonce, www, body_error, none, f64::NAN, 0.0)
    };
    // An invalid nonce is ignored, so a nonce error without a usable nonce is not retried.
    assert!(judge("https://api", api_, 0, 401, &s("has space"), www, none).is_err());
    assert!(judge("https://api", api_, 0, 401, &s("n1"), www, none).unwrap());
    assert_eq!(api::core_nonce(core, api_), "n1");
    assert!(api::core_nonce(core, none).is_undefined(), "the authorization server's slot is separate");
    assert!(api::core_nonce(other, api_).is_undefined(), "each client has its own nonces");
    let prepared = api::core_prepare(core, &s("https://api/x?y"), api_).unwrap();
    assert_eq!((prepared.get(0), prepared.get(1), prepared.get(2)), ("https://api/x".into(), "https://api".into(), "n1".into()));
    assert!(api::core_prepare(core, &s("https://other/"), api_).unwrap().get(2).is_undefined(), "never sent to another server");
    let e = judge("https://api", api_, 1, 401, &s("n2"), www, none).unwrap_err();
    assert_eq!(get(&e, "code"), "use_dpop_nonce");
    assert_eq!(get(&e, "newDpopNonce"), "n2");
    assert_eq!(get(&e, "error_description"), "fresh one");
    assert!(!judge("https://api", none, 0, 401, &s("n"), &s(r#"Bearer error="use_dpop_nonce""#), none).unwrap());
    assert!(judge("https://as", none, 0, 400, &s("n"), none, &s("use_dpop_nonce")).unwrap());
    assert_eq!(get(&api::core_prepare(core, &s("/relative"), none).unwrap_err(), "code"), "invalid_url");
    api::core_set_nonce(core, &s("n9"), none).unwrap();
    assert_eq!(api::core_nonce(core, none), "n9", "set by hand for the authorization server");
    assert_eq!(get(&api::core_set_nonce(core, &s("bad nonce"), none).unwrap_err(), "code"), "invalid_nonce");
    api::core_clear_nonces(core);
    assert!(api::core_nonce(core, api_).is_undefined() && api::core_nonce(core, none).is_undefined());
    assert_eq!(get(&api::core_new(&s(""), false).unwrap_err(), "code"), "invalid_url");
}

#[wasm_bindgen_test]
fn token_type_and_id_token_are_checked() {
    assert_eq!(api::token_type(&s("dpop")).unwrap(), "DPoP");
    assert_eq!(api::token_type(&s("BEARER")).unwrap(), "Bearer");
    assert_eq!(get(&api::token_type(&s("mac")).unwrap_err(), "code"), "invalid_response");
    assert_eq!(get(&api::token_type(&JsValue::UNDEFINED).unwrap_err(), "code"), "invalid_response");

    // The engine passes the decoded claims as JSON gave them.
    let now = js_sys::Date::now() / 1000.0;
    let check = |alg: &str, aud: &JsValue, exp: f64, nonce: &str| {
        let (n, u) = (|x: f64| JsValue::from_f64(x), &JsValue::UNDEFINED);
        api::check_id_token(api::core_new(&s("http://as/"), false).unwrap(), &s(alg), &s("http://as/"), &s("alice"), aud, u, &n(exp), &n(now), u, &s("n"), u, &s("http://as/"), &s("spa"), &s(nonce), 60.0, None)
    };
    let code = |r: Result<(), JsValue>| get(&r.unwrap_err(), "code");
    assert!(check("RS256", &s("spa"), now + 60.0, "n").is_ok());
    assert!(check("RS256", &js_sys::Array::of1(&s("spa")), now + 60.0, "n").is_ok(), "aud as an array");
    assert_eq!(code(check("RS256", &s("spa"), now + 60.0, "other")), "invalid_id_token");
    assert_eq!(code(check("RS256", &s("spa"), now - 61.0, "n")), "invalid_id_token", "expired, at the browser's clock");
    assert_eq!(code(check("none", &s("spa"), now + 60.0, "n")), "invalid_id_token");
    assert_eq!(code(check("RS256", &JsValue::from_f64(1.0), now + 60.0, "n")), "invalid_id_token", "aud of another type");
}

#[wasm_bindgen_test]
fn clock_offsets_date_the_proofs_and_make_the_one_retry() {
    let none = &JsValue::UNDEFINED;
    let core = api::core_new(&s("https://as.example"), false).unwrap();
    let off = api::core_new(&s("https://as.example"), true).unwrap();
    let offset = |c, url: &str| api::core_prepare(c, &s(url), none).unwrap().get(3).as_f64().unwrap();
    let now_ms = js_sys::Date::now();
    // The ID token's iat teaches the authorization server's clock, used for every origin
    // (once the token passed its checks, which ran at the device clock: exp is 2 h ahead).
    let (iat, exp) = (JsValue::from_f64(now_ms / 1000.0 + 600.0), JsValue::from_f64(now_ms / 1000.0 + 7200.0));
    for h in [core, off] {
        let u = &JsValue::UNDEFINED;
        api::check_id_token(h, &s("RS256"), &s("https://as.example/"), &s("alice"), &s("spa"), u, &exp, &iat, u, u, u, &s("https://as.example/"), &s("spa"), u, 60.0, None).unwrap();
    }
    assert!((offset(core, "https://as.example/oauth/token") - 600.0).abs() <= 1.0);
    assert!((offset(core, "https://api.example/x") - 600.0).abs() <= 1.0, "the AS's offset for an API with none of its own");
    assert_eq!(offset(off, "https://api.example/x"), 0.0, "dpopClockOffset: false");
    // A rejected proof whose Date moves the API's offset by more than a minute: one retry.
    let www = &s(r#"DPoP error="invalid_dpop_proof", algs="ES256""#);
    let judge = |attempt, date: f64, used: f64| api::core_judge(core, &s("https://api.example"), none, attempt, 401, none, www, none, none, date, used);
    assert!(judge(0, now_ms - 900_000.0, 600.0).unwrap(), "retried with the corrected proof");
    assert!((offset(core, "https://api.example/x") + 900.0).abs() <= 1.0, "the API's own Date wins");
    assert!(!judge(1, now_ms - 900_000.0, 600.0).unwrap(), "never a second retry");
    assert!(!judge(0, now_ms - 900_000.0, -900.0).unwrap(), "nothing new: no retry");
    assert!(judge(0, now_ms + 30_000.0, -900.0).unwrap(), "30 s off is noise, so the device clock is right after all: retried without the offset");
    // Applied only inside (60 s, 12 h).
    assert_eq!(offset(core, "https://api.example/x"), 0.0);
    api::core_judge(core, &s("https://api.example"), none, 0, 200, none, none, none, none, now_ms + 13.0 * 3_600_000.0, 0.0).unwrap();
    assert_eq!(offset(core, "https://api.example/x"), 0.0, "13 hours is a broken header");
}
