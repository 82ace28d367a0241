//! Browser glue, unit-level, in headless Chromium (`wasm-pack test --headless --chrome`):
//! WebCrypto keys, the IndexedDB key store, single-flight key loading, proofs and the
//! response-header shapes. Whole-package behaviour is tested by tests/browser/*.test.js.
#![cfg(target_arch = "wasm32")]

use dpop_spa::browser::{dpop::Dpop, key_store, transport, webcrypto};
use dpop_spa::core::htu::Htu;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Independent of the SDK: WebCrypto and IndexedDB used directly.
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
export function storedCount(id) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('dpop-spa');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => { const g = r.result.transaction('keys').objectStore('keys').count(id); g.onsuccess = () => { r.result.close(); resolve(g.result); }; };
  });
}
"#)]
extern "C" {
    async fn verify(jwt: &str) -> JsValue;
    fn claims(jwt: &str) -> JsValue;
    async fn exportRejects(key: &JsValue) -> JsValue;
    async fn storedCount(id: &str) -> JsValue;
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

#[wasm_bindgen_test]
async fn generated_private_key_is_not_extractable() {
    let pair = webcrypto::generate_key_pair().await.ok().unwrap();
    let private = get(&pair, "privateKey");
    assert_eq!(get(&private, "extractable"), JsValue::FALSE);
    assert_eq!(exportRejects(&private).await, JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn key_store_round_trip_keeps_key_and_non_extractability() {
    let a = key_store::load_or_create("web-rt").await.ok().unwrap();
    let b = key_store::load_or_create("web-rt").await.ok().unwrap();
    assert!(a.persistent && b.persistent);
    assert_eq!(a.jkt, b.jkt, "the second load reads the stored key");
    assert_eq!(exportRejects(&b.private_key).await, JsValue::TRUE);
    key_store::delete("web-rt").await.ok().unwrap();
    let c = key_store::load_or_create("web-rt").await.ok().unwrap();
    assert_ne!(c.jkt, a.jkt, "after delete a new key is made");
}

#[wasm_bindgen_test]
async fn concurrent_first_calls_share_one_load() {
    let d = Dpop::new("web-flight".into(), "https://as.example".into());
    let calls = Array::new();
    for _ in 0..6 {
        let d = d.clone();
        calls.push(&future_to_promise(async move { Ok(d.key().await.ok().unwrap().jkt.clone().into()) }));
    }
    let jkts = Array::from(&JsFuture::from(Promise::all(&calls)).await.unwrap());
    let first = jkts.get(0);
    assert!(jkts.iter().all(|j| j == first));
    assert_eq!(storedCount("web-flight").await, JsValue::from(1));
}

#[wasm_bindgen_test]
async fn proof_verifies_and_carries_claims() {
    let d = Dpop::new("web-proof".into(), "https://as.example".into());
    let htu = Htu::parse("https://rs.example/a?b").unwrap();
    let jwt = d.proof("GET", &htu, Some("n0"), Some("tok")).await.ok().unwrap();
    assert_eq!(verify(&jwt).await, JsValue::TRUE);
    let c = claims(&jwt);
    assert_eq!(get(&c, "htu"), "https://rs.example/a");
    assert_eq!(get(&c, "nonce"), "n0");
    assert_eq!(get(&c, "ath").as_string(), Some(webcrypto::sha256_b64(b"tok").await.ok().unwrap()));
    let again = d.proof("GET", &htu, None, None).await.ok().unwrap();
    assert_ne!(get(&claims(&again), "jti"), get(&c, "jti"));
    assert!(get(&claims(&again), "ath").is_undefined());
}

#[wasm_bindgen_test]
fn response_header_shapes() {
    let with_headers = |h: JsValue| {
        let r = js_sys::Object::new();
        Reflect::set(&r, &"headers".into(), &h).unwrap();
        JsValue::from(r)
    };
    let h = web_sys::Headers::new().unwrap();
    h.set("DPoP-Nonce", "a").unwrap();
    let record = js_sys::JSON::parse(r#"{"DPoP-Nonce":"b"}"#).unwrap();
    let pairs = js_sys::JSON::parse(r#"[["x","y"],["dpop-nonce","c"]]"#).unwrap();
    assert_eq!(transport::header(&with_headers(h.into()), "dpop-nonce").as_deref(), Some("a"));
    assert_eq!(transport::header(&with_headers(record), "dpop-nonce").as_deref(), Some("b"));
    assert_eq!(transport::header(&with_headers(pairs), "dpop-nonce").as_deref(), Some("c"));
    assert_eq!(transport::header(&with_headers(JsValue::NULL), "dpop-nonce"), None);
    assert_eq!(transport::header(&JsValue::UNDEFINED, "dpop-nonce"), None);
}
