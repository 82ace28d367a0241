//! Browser glue (wasm32 only): thin wrappers over WebCrypto, IndexedDB and `fetch`. Protocol
//! decisions are made in [`crate::core`]; this layer only moves bytes and promises.

pub mod dpop;
pub mod idb;
pub mod key_store;
pub mod token;
pub mod transport;
pub mod webcrypto;

use crate::error::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// An error on its way to JS: a Rust [`Error`] with the JS value that caused it (a
/// `DOMException`, a `TypeError`…), or an already-built JS error passed through untouched.
pub enum Failure {
    /// A coded error and its cause (`undefined` when none).
    Coded(Error, JsValue),
    /// A JS error that already has its final shape.
    Js(JsValue),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Coded(e, JsValue::UNDEFINED)
    }
}

impl Failure {
    /// The JS `Error` the facade receives: `message`, `code`, the OAuth fields and `cause`.
    /// The facade turns it into the matching auth0-spa-js error class.
    pub fn into_js(self) -> JsValue {
        let (e, cause) = match self {
            Failure::Js(v) => return v,
            Failure::Coded(e, cause) => (e, cause),
        };
        let err = js_sys::Error::new(e.message());
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), v);
        };
        set("code", &JsValue::from_str(e.code()));
        if let Some(d) = &e.error_description {
            set("error_description", &JsValue::from_str(d));
        }
        if let Some(o) = &e.oauth_error {
            set("error", &JsValue::from_str(o));
        }
        if let Some(s) = e.status {
            set("status", &JsValue::from(s));
        }
        if let Some(n) = &e.new_nonce {
            set("newDpopNonce", &JsValue::from_str(n));
        }
        if !cause.is_undefined() {
            set("cause", &cause);
        }
        err.into()
    }
}

/// Awaits a JS promise, turning a rejection into a coded [`Failure`] with the rejection as cause.
pub async fn await_promise(p: js_sys::Promise, err: Error) -> Result<JsValue, Failure> {
    JsFuture::from(p).await.map_err(|cause| Failure::Coded(err, cause))
}

/// Reads property `key` of `obj` (`undefined` when missing or when the getter throws).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads property `key` of `obj` as a typed value.
pub fn get_as<T: JsCast>(obj: &JsValue, key: &str) -> Option<T> {
    get(obj, key).dyn_into::<T>().ok()
}
