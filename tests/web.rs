//! The wasm exports and their WebCrypto glue, unit-level, in headless Chromium
//! (`wasm-pack test --headless --chrome`). Whole-package behaviour (IndexedDB, fetch, retries,
//! the login flow) is tested by tests/browser, tests/e2e and tests/package.
#![cfg(target_arch = "wasm32")]

use dpop_spa::api::{self, Core};
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
export function idToken(claims) {
  const b = (o) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return b({ alg: 'RS256' }) + '.' + b(claims) + '.c2ln';
}
"#)]
extern "C" {
    async fn verify(jwt: &str) -> JsValue;
    fn claims(jwt: &str) -> JsValue;
    async fn exportRejects(key: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = idToken)]
    fn id_token(claims: &JsValue) -> String;
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

async fn key_pair() -> JsValue {
    JsFuture::from(api::generate_key_pair().unwrap()).await.unwrap()
}

async fn proof(pair: &JsValue, method: &str, url: &str, nonce: Option<&str>, ath: Option<&str>) -> String {
    let jwk = JsFuture::from(api::export_jwk(&get(pair, "publicKey").into()).unwrap()).await.unwrap();
    let header = api::key_header(&get(&jwk, "x").as_string().unwrap(), &get(&jwk, "y").as_string().unwrap()).unwrap();
    let started = api::sign_proof(&get(pair, "privateKey").into(), &header.get(0).as_string().unwrap(), method, url, nonce.map(Into::into), ath.map(Into::into)).unwrap();
    let sig = JsFuture::from(js_sys::Promise::from(started.get(1))).await.unwrap();
    format!("{}.{}", started.get(0).as_string().unwrap(), api::b64url(&Uint8Array::new(&sig).to_vec()))
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
    assert_eq!(code(api::sign_proof(&key, h, "GE T", "https://a/", None, None)), "invalid_method");
    assert_eq!(code(api::sign_proof(&key, h, "GET", "/relative", None, None)), "invalid_url");
    assert_eq!(code(api::sign_proof(&key, h, "GET", "https://a/", Some("bad nonce".into()), None)), "invalid_nonce");
    assert_eq!(get(&api::key_header("x", "y").unwrap_err(), "code"), "invalid_jwk");
    assert_eq!(get(&api::check_access_token("a b").unwrap_err(), "code"), "invalid_access_token");
}

#[wasm_bindgen_test]
fn nonces_and_the_retry_decision() {
    let mut core = Core::new("http://127.0.0.1:4000").unwrap();
    let api = |x: &str| Some(x.to_string());
    let www = api(r#"Bearer realm="x", DPoP error="use_dpop_nonce", error_description="fresh one""#);
    // An invalid nonce is ignored, so a nonce error without a usable nonce is not retried.
    assert!(core.judge("https://api", api("api"), 0, 401, api("has space"), www.clone(), None, None).is_err());
    assert_eq!(core.judge("https://api", api("api"), 0, 401, api("n1"), www.clone(), None, None).unwrap(), true);
    assert_eq!(core.nonce(api("api")).as_deref(), Some("n1"));
    assert_eq!(core.nonce(None), None, "the authorization server's slot is separate");
    let prepared = core.prepare("https://api/x?y", api("api")).unwrap();
    assert_eq!((prepared.get(0), prepared.get(1), prepared.get(2)), ("https://api/x".into(), "https://api".into(), "n1".into()));
    assert!(core.prepare("https://other/", api("api")).unwrap().get(2).is_undefined(), "never sent to another server");
    let e = core.judge("https://api", api("api"), 1, 401, api("n2"), www, None, None).unwrap_err();
    assert_eq!(get(&e, "code"), "use_dpop_nonce");
    assert_eq!(get(&e, "newDpopNonce"), "n2");
    assert_eq!(get(&e, "error_description"), "fresh one");
    assert_eq!(core.judge("https://api", None, 0, 401, api("n"), api(r#"Bearer error="use_dpop_nonce""#), None, None).unwrap(), false);
    assert_eq!(core.judge("https://as", None, 0, 400, api("n"), None, api("use_dpop_nonce"), None).unwrap(), true);
    assert_eq!(get(&core.prepare("/relative", None).unwrap_err(), "code"), "invalid_url");
}

#[wasm_bindgen_test]
fn token_type_and_id_token_are_checked() {
    assert_eq!(api::token_type(Some("dpop".into())).unwrap(), "DPoP");
    assert_eq!(api::token_type(Some("BEARER".into())).unwrap(), "Bearer");
    assert_eq!(get(&api::token_type(Some("mac".into())).unwrap_err(), "code"), "invalid_response");
    assert_eq!(get(&api::token_type(None).unwrap_err(), "code"), "invalid_response");

    let now = js_sys::Date::now() / 1000.0;
    let c = js_sys::JSON::parse(&format!(r#"{{"iss":"http://as/","sub":"alice","aud":"spa","exp":{},"iat":{},"nonce":"n"}}"#, now + 60.0, now)).unwrap();
    let raw = id_token(&c);
    let claims = api::id_token_claims(&raw, "http://as/", "spa", Some("n".into()), 60.0, None).unwrap();
    assert_eq!(get(&claims, "sub"), "alice");
    assert_eq!(get(&claims, "__raw").as_string(), Some(raw.clone()));
    let bad = api::id_token_claims(&raw, "http://as/", "spa", Some("other".into()), 60.0, None).unwrap_err();
    assert_eq!(get(&bad, "code"), "invalid_id_token");
    let junk = api::id_token_claims("not.a.jwt!", "http://as/", "spa", None, 60.0, None).unwrap_err();
    assert_eq!(get(&junk, "code"), "invalid_id_token");
}
