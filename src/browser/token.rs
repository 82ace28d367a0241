//! Token endpoint requests (authorization_code, refresh_token) with a DPoP proof from the
//! client's key, the nonce retry of [`super::transport`], and the response checks of
//! [`crate::core::id_token`]. The browser parses the JSON; fields are read with `Reflect`.

use super::{await_promise, dpop::Dpop, get, transport, Failure};
use crate::core::id_token::{self, Claims, Expected, TokenType};
use crate::error::{code, Error};
use js_sys::{Array, JSON};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Request, RequestInit};

/// Time allowed for a token request, retry included (auth0-spa-js's `httpTimeoutInSeconds`: 10).
pub const TIMEOUT_MS: u32 = 10_000;

const NOT_JSON: Error = Error::new(code::INVALID_RESPONSE, "The token endpoint returned a response that is not a JSON object");
const NO_TOKEN: Error = Error::new(code::INVALID_RESPONSE, "The token endpoint returned no access_token");
const SEND: Error = Error::new(code::FETCH_ERROR, "The token request could not be sent");
const OAUTH: Error = Error::new(code::OAUTH_ERROR, "The authorization server returned an error");
const ID_TOKEN_JSON: Error = Error::new(code::INVALID_ID_TOKEN, "ID token could not be decoded");

/// What the ID token must match; `None` for a refresh without a new ID token check.
pub struct IdTokenCheck {
    /// Expected issuer.
    pub iss: String,
    /// Client id.
    pub aud: String,
    /// OIDC nonce of the transaction (absent on refresh).
    pub nonce: Option<String>,
    /// Clock skew allowed, seconds.
    pub leeway: u64,
    /// `max_age` of the authorization request.
    pub max_age: Option<u64>,
}

fn with_status(mut e: Error, status: u16) -> Failure {
    e.status = Some(status);
    e.into()
}

/// POSTs the form `body` to `url` with a proof (when `dpop`), and returns the parsed token
/// response with `token_type` normalised to `DPoP`/`Bearer` and, when there is an ID token,
/// its checked claims under `claims` (with `__raw`, as auth0-spa-js's `getIdTokenClaims`).
pub async fn request(dpop: &Rc<Dpop>, url: &str, body: &str, use_dpop: bool, check: Option<IdTokenCheck>) -> Result<JsValue, Failure> {
    let init = RequestInit::new();
    init.set_method("POST");
    // auth0-spa-js's default: a token request that hangs must not hold the refresh lock forever.
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    init.set_body(&JsValue::from_str(body));
    let req = Request::new_with_str_and_init(url, &init).map_err(|c| Failure::Coded(SEND, c))?;
    req.headers()
        .set("content-type", "application/x-www-form-urlencoded")
        .map_err(|c| Failure::Coded(SEND, c))?;
    let opts = transport::Send {
        auth: transport::Auth { token: None, dpop: use_dpop },
        nonce_id: None,
        fetch: None,
        token_endpoint: true,
    };
    let res: web_sys::Response = transport::send(dpop, req, opts).await?.dyn_into().map_err(|c| Failure::Coded(SEND, c))?;
    let status = res.status();
    let text = res.text().map_err(|c| Failure::Coded(SEND, c))?;
    let text = await_promise(text, SEND).await?.as_string().unwrap_or_default();
    let json = JSON::parse(&text).ok().filter(|v| v.is_object() && !Array::is_array(v));
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
    if let (Some(check), Some(raw)) = (check, get(&json, "id_token").as_string()) {
        set("claims", &checked_claims(&raw, &check)?);
    }
    Ok(json)
}

fn parse_json(bytes: &[u8]) -> Result<JsValue, Failure> {
    let s = core::str::from_utf8(bytes).map_err(|_| Failure::from(ID_TOKEN_JSON))?;
    JSON::parse(s).ok().filter(JsValue::is_object).ok_or(Failure::from(ID_TOKEN_JSON))
}

fn checked_claims(raw: &str, check: &IdTokenCheck) -> Result<JsValue, Failure> {
    let (h, p) = id_token::split(raw)?;
    let (header, claims) = (parse_json(&h)?, parse_json(&p)?);
    let s = |k| get(&claims, k).as_string();
    let n = |k| get(&claims, k).as_f64();
    let aud = get(&claims, "aud");
    let aud = match aud.as_string() {
        Some(a) => vec![a],
        None => aud.dyn_into::<Array>().map(|a| a.iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default(),
    };
    let c = Claims { iss: s("iss"), sub: s("sub"), aud, azp: s("azp"), exp: n("exp"), iat: n("iat"), nbf: n("nbf"), nonce: s("nonce"), auth_time: n("auth_time") };
    let e = Expected {
        iss: &check.iss,
        aud: &check.aud,
        nonce: check.nonce.as_deref(),
        leeway: check.leeway,
        max_age: check.max_age,
        now: js_sys::Date::now() / 1000.0,
    };
    id_token::validate(get(&header, "alg").as_string().as_deref(), &c, &e)?;
    let _ = js_sys::Reflect::set(&claims, &JsValue::from_str("__raw"), &JsValue::from_str(raw));
    Ok(claims)
}

/// Starts an authorization request: fresh `state`, OIDC `nonce` and PKCE verifier (256 random
/// bits each), the S256 challenge, and `dpop_jkt` when `use_dpop` and the key is persistent (an
/// in-memory key would not survive the redirect). Returns `{ url, state, nonce, code_verifier }`.
pub async fn authorize(dpop: &Rc<Dpop>, endpoint: &str, params: &[(String, String)], use_dpop: bool) -> Result<JsValue, Failure> {
    use super::webcrypto::{random_bytes, sha256_b64};
    use crate::core::{authorize, b64};
    let state = b64::encode(&random_bytes(32)?);
    let nonce = b64::encode(&random_bytes(32)?);
    let verifier = b64::encode(&random_bytes(32)?);
    let challenge = sha256_b64(verifier.as_bytes()).await?;
    let jkt = match use_dpop {
        true => Some(dpop.key().await?).filter(|k| k.persistent).map(|k| k.jkt.clone()),
        false => None,
    };
    let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = authorize::Protocol { state: &state, nonce: &nonce, code_challenge: &challenge, dpop_jkt: jkt.as_deref() };
    let out = js_sys::Object::new();
    for (k, v) in [("url", authorize::url(endpoint, &pairs, &p)), ("state", state), ("nonce", nonce), ("code_verifier", verifier)] {
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(k), &JsValue::from_str(&v));
    }
    Ok(out.into())
}
