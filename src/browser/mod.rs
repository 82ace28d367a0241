//! Browser glue (wasm32 only), kept synchronous: WebCrypto through `web-sys` (each call
//! returns the browser's own Promise), randomness and the conversion of errors to JS. The
//! awaiting happens in the JS engine (`js/engine.js`): an `await` there costs a few bytes,
//! where a Rust future costs a state machine and promise plumbing in the wasm (see
//! ARCHITECTURE.md, "Bytes").

pub mod response;
pub mod webcrypto;

use crate::error::Error;
use wasm_bindgen::JsValue;

/// An error on its way to JS: the JS `Error` the facade receives, with `message`, `code`, the
/// OAuth fields and `cause`. The facade turns it into the matching error class.
pub fn to_js(e: Error, cause: &JsValue) -> JsValue {
    let err = js_sys::Error::new(e.message());
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), v);
    };
    set("code", &JsValue::from_str(e.code()));
    if let Some(d) = &e.error_description {
        set("error_description", &JsValue::from_str(d));
    }
    if let Some(n) = &e.new_nonce {
        set("newDpopNonce", &JsValue::from_str(n));
    }
    if !cause.is_undefined() {
        set("cause", cause);
    }
    err.into()
}

/// [`to_js`] without a cause.
pub fn err(e: Error) -> JsValue {
    to_js(e, &JsValue::UNDEFINED)
}
