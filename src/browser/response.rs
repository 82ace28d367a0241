//! The token endpoint's answer, checked: parsed by the browser's JSON, fields read with
//! `Reflect`, decisions from [`crate::core::id_token`].

use alloc::vec;
use super::{err, get};
use crate::core::id_token::{self, Claims, Expected, TokenType};
use crate::error::{code, Error};
use js_sys::{Array, JSON};
use wasm_bindgen::{JsCast, JsValue};

const NOT_JSON: Error = Error::new(code::INVALID_RESPONSE, "The token endpoint returned a response that is not a JSON object");
const NO_TOKEN: Error = Error::new(code::INVALID_RESPONSE, "The token endpoint returned no access_token");
const OAUTH: Error = Error::new(code::OAUTH_ERROR, "The authorization server returned an error");
const ID_TOKEN_JSON: Error = Error::new(code::INVALID_ID_TOKEN, "ID token could not be decoded");

/// What the ID token must match.
pub struct IdTokenCheck<'a> {
    /// Expected issuer.
    pub iss: &'a str,
    /// Client id.
    pub aud: &'a str,
    /// OIDC nonce of the transaction (absent on refresh).
    pub nonce: Option<&'a str>,
    /// Clock skew allowed, seconds.
    pub leeway: u64,
    /// `max_age` of the authorization request.
    pub max_age: Option<u64>,
}

fn with_status(mut e: Error, status: u16) -> JsValue {
    e.status = Some(status);
    err(e)
}

/// The token response `text` with HTTP `status`: the parsed object with `token_type`
/// normalised to `DPoP`/`Bearer` and, when there is an ID token, its checked claims under
/// `claims` (with `__raw`, as auth0-spa-js's `getIdTokenClaims`). OAuth errors, non-JSON
/// bodies and bad answers are coded errors that carry the status.
pub fn token(status: u16, text: &str, check: &IdTokenCheck<'_>) -> Result<JsValue, JsValue> {
    let json = JSON::parse(text).ok().filter(|v| v.is_object() && !Array::is_array(v));
    let json = json.ok_or_else(|| with_status(NOT_JSON, status))?;
    if !(200..300).contains(&status) || !get(&json, "error").is_undefined() {
        let mut e = OAUTH;
        e.oauth_error = Some(get(&json, "error").as_string().unwrap_or_else(|| "request_error".into()));
        e.error_description = get(&json, "error_description").as_string();
        return Err(with_status(e, status));
    }
    if get(&json, "access_token").as_string().is_none_or(|t| t.is_empty()) {
        return Err(with_status(NO_TOKEN, status));
    }
    let token_type = id_token::token_type(get(&json, "token_type").as_string().as_deref()).map_err(|e| with_status(e, status))?;
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&json, &JsValue::from_str(k), v);
    };
    set("token_type", &JsValue::from_str(if token_type == TokenType::DPoP { "DPoP" } else { "Bearer" }));
    if let Some(raw) = get(&json, "id_token").as_string() {
        set("claims", &checked_claims(&raw, check)?);
    }
    Ok(json)
}

fn parse_json(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let s = core::str::from_utf8(bytes).map_err(|_| err(ID_TOKEN_JSON))?;
    JSON::parse(s).ok().filter(JsValue::is_object).ok_or_else(|| err(ID_TOKEN_JSON))
}

fn checked_claims(raw: &str, check: &IdTokenCheck<'_>) -> Result<JsValue, JsValue> {
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
    let e = Expected { iss: check.iss, aud: check.aud, nonce: check.nonce, leeway: check.leeway, max_age: check.max_age, now: js_sys::Date::now() / 1000.0 };
    id_token::validate(get(&header, "alg").as_string().as_deref(), &c, &e).map_err(err)?;
    let _ = js_sys::Reflect::set(&claims, &JsValue::from_str("__raw"), &JsValue::from_str(raw));
    Ok(claims)
}
