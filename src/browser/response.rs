//! The ID token of a token response, checked: `js/engine.js` decodes it (base64url, UTF-8,
//! the browser's JSON) and hands over the claim values as they are; this reads them as
//! strings and numbers and leaves the decisions to [`crate::core::id_token`].

use alloc::vec;
use crate::core::id_token::{self, Claims, Expected};
use crate::error::Error;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// The claims as [`id_token::validate`] reads them: a claim that is not a string (or, for
/// times, not a number) counts as absent; `aud` is a string or an array of strings.
#[allow(clippy::too_many_arguments)]
pub fn claims(iss: &JsValue, sub: &JsValue, aud: &JsValue, azp: &JsValue, exp: &JsValue, iat: &JsValue, nbf: &JsValue, nonce: &JsValue, auth_time: &JsValue) -> Claims {
    let aud = match aud.as_string() {
        Some(a) => vec![a],
        None => aud.dyn_ref::<Array>().map(|a| a.iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default(),
    };
    Claims { iss: iss.as_string(), sub: sub.as_string(), aud, azp: azp.as_string(), exp: exp.as_f64(), iat: iat.as_f64(), nbf: nbf.as_f64(), nonce: nonce.as_string(), auth_time: auth_time.as_f64() }
}

/// [`id_token::validate`] at the browser's clock plus `offset` seconds (`expected.now` is ignored).
pub fn check(alg: &JsValue, claims: &Claims, expected: Expected<'_>, offset: f64) -> Result<(), Error> {
    let e = Expected { now: js_sys::Date::now() / 1000.0 + offset, ..expected };
    id_token::validate(alg.as_string().as_deref(), claims, &e)
}
