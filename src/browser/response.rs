//! The ID token of a token response, checked: decoded here, parsed by the browser's JSON,
//! claims read with `Reflect`, decisions from [`crate::core::id_token`].

use alloc::vec;
use super::{err, get};
use crate::core::id_token::{self, Claims, Expected};
use crate::error::{code, Error};
use js_sys::{Array, JSON};
use wasm_bindgen::{JsCast, JsValue};

const ID_TOKEN_JSON: Error = Error::new(code::INVALID_ID_TOKEN, "ID token could not be decoded");

fn parse_json(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let s = core::str::from_utf8(bytes).map_err(|_| err(ID_TOKEN_JSON))?;
    JSON::parse(s).ok().filter(JsValue::is_object).ok_or_else(|| err(ID_TOKEN_JSON))
}

/// The ID token's claims, checked (`alg` RS256, `iss`, `sub`, `aud`/`azp`, `nonce`, times with
/// leeway, `max_age`), with `__raw` as auth0-spa-js's `getIdTokenClaims` returns them.
/// `expected.now` is ignored: the browser's clock is read here.
pub fn checked_claims(raw: &str, expected: Expected<'_>) -> Result<JsValue, JsValue> {
    let (h, p) = id_token::split(raw).map_err(err)?;
    let (header, claims) = (parse_json(&h)?, parse_json(&p)?);
    let s = |k| get(&claims, k).as_string();
    let n = |k| get(&claims, k).as_f64();
    let aud = get(&claims, "aud");
    let aud = match aud.as_string() {
        Some(a) => vec![a],
        None => aud.dyn_into::<Array>().map(|a| a.iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default(),
    };
    let c = Claims { iss: s("iss"), sub: s("sub"), aud, azp: s("azp"), exp: n("exp"), iat: n("iat"), nbf: n("nbf"), nonce: s("nonce"), auth_time: n("auth_time") };
    let e = Expected { now: js_sys::Date::now() / 1000.0, ..expected };
    id_token::validate(get(&header, "alg").as_string().as_deref(), &c, &e).map_err(err)?;
    let _ = js_sys::Reflect::set(&claims, &JsValue::from_str("__raw"), &JsValue::from_str(raw));
    Ok(claims)
}
