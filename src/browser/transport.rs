//! Sending a request with DPoP: the attempt loop around [`crate::core::retry`].
//!
//! The body is buffered once, before the first attempt, so that every attempt (the retry
//! included) is built from an unused clone of the original `Request` plus the same bytes —
//! whatever the body was (string, JSON, `URLSearchParams`, `FormData`, `Blob`, `ArrayBuffer`,
//! a `ReadableStream`). Every attempt gets a fresh proof. Nonces are learned from every
//! response, success or error.

use super::{await_promise, dpop::Dpop, get, Failure};
use crate::core::{challenge, htu::Htu, proof, retry};
use crate::error::{code, Error};
use js_sys::{Array, Function, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Request, RequestInit};

const FETCH: Error = Error::new(code::FETCH_ERROR, "The request could not be sent");
const TIMEOUT: Error = Error::new(code::TIMEOUT, "Timeout");
const BODY: Error = Error::new(code::BODY_ERROR, "The request body could not be read");

/// How the request authenticates.
pub struct Auth {
    /// The access token, or `None` for a token-endpoint request (proof only).
    pub token: Option<String>,
    /// Send with the `DPoP` scheme and a proof (else `Bearer`, no proof).
    pub dpop: bool,
}

/// What the caller knows about the request besides the `Request` itself.
pub struct Send {
    /// Authentication.
    pub auth: Auth,
    /// auth0-spa-js's `dpopNonceId`: a second name for the target server's nonce.
    pub nonce_id: Option<String>,
    /// A custom `fetch(request)`; the global `fetch` when `None`.
    pub fetch: Option<Function>,
    /// A token endpoint answers nonce errors as 400 + JSON `error` (else 401 + challenge).
    pub token_endpoint: bool,
}

/// Sends `req`, retrying once on `use_dpop_nonce`. Resolves to whatever `fetch` resolved to.
pub async fn send(dpop: &Rc<Dpop>, req: Request, opts: Send) -> Result<JsValue, Failure> {
    let method = req.method();
    let htu = Htu::parse(&req.url())?;
    if let Some(t) = &opts.auth.token {
        proof::check_access_token(t)?;
    }
    let body = match req.body() {
        Some(_) => {
            let copy = req.clone().map_err(|c| Failure::Coded(BODY, c))?;
            let p = copy.array_buffer().map_err(|c| Failure::Coded(BODY, c))?;
            Some(await_promise(p, BODY).await?)
        }
        None => None,
    };
    let mut authorization = String::from(if opts.auth.dpop { "DPoP " } else { "Bearer " });
    authorization.push_str(opts.auth.token.as_deref().unwrap_or(""));

    let id = opts.nonce_id.as_deref();
    let mut attempt = 0;
    loop {
        let init = RequestInit::new();
        if let Some(b) = &body {
            init.set_body(b);
        }
        let base = req.clone().map_err(|c| Failure::Coded(FETCH, c))?;
        let r = Request::new_with_request_and_init(&base, &init).map_err(|c| Failure::Coded(FETCH, c))?;
        let headers = r.headers();
        if opts.auth.token.is_some() {
            headers.set("authorization", &authorization).map_err(|c| Failure::Coded(FETCH, c))?;
        }
        if opts.auth.dpop {
            let nonce = dpop.nonce_for(htu.origin(), id);
            let jwt = dpop.proof(&method, &htu, nonce.as_deref(), opts.auth.token.as_deref()).await?;
            headers.set("dpop", &jwt).map_err(|c| Failure::Coded(FETCH, c))?;
        }
        let response = call_fetch(opts.fetch.as_ref(), &r).await?;
        if !opts.auth.dpop {
            return Ok(response);
        }

        let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
        let new_nonce = header(&response, "dpop-nonce").filter(|n| proof::check_nonce(n).is_ok());
        if let Some(n) = &new_nonce {
            dpop.learn_nonce(htu.origin(), id, n);
        }
        let (mut challenge_error, mut description) = (None, None);
        if status == 401 {
            if let Some(h) = header(&response, "www-authenticate") {
                if let Some(c) = challenge::parse(&h).ok().and_then(|cs| cs.into_iter().find(|c| c.scheme == "dpop")) {
                    challenge_error = c.param("error").map(String::from);
                    description = c.param("error_description").map(String::from);
                }
            }
        }
        let mut body_error = None;
        if status == 400 && opts.token_endpoint {
            let json = json_body(&response).await;
            body_error = get(&json, "error").as_string();
            description = get(&json, "error_description").as_string();
        }
        let outcome = retry::Outcome {
            status,
            challenge_error: challenge_error.as_deref(),
            body_error: body_error.as_deref(),
            new_nonce: new_nonce.is_some(),
        };
        match retry::decide(attempt, &outcome) {
            retry::Decision::Accept => return Ok(response),
            retry::Decision::Retry => attempt += 1,
            retry::Decision::UseDpopNonce => {
                let mut e = Error::new(code::USE_DPOP_NONCE, "Server rejected DPoP proof: wrong nonce");
                e.error_description = description;
                e.new_nonce = new_nonce;
                return Err(e.into());
            }
        }
    }
}

async fn call_fetch(custom: Option<&Function>, r: &Request) -> Result<JsValue, Failure> {
    let global = js_sys::global();
    let (f, this) = match custom {
        Some(f) => (f.clone(), JsValue::UNDEFINED),
        None => (get(&global, "fetch").dyn_into::<Function>().map_err(|c| Failure::Coded(FETCH, c))?, global.into()),
    };
    let ret = f.call1(&this, r).map_err(|c| Failure::Coded(FETCH, c))?;
    match await_promise(Promise::resolve(&ret), FETCH).await {
        Err(Failure::Coded(_, cause)) if get(&cause, "name").as_string().as_deref() == Some("TimeoutError") => {
            Err(Failure::Coded(TIMEOUT, cause))
        }
        other => other,
    }
}

/// The JSON body of a (token endpoint) error response, read from a clone so the caller can
/// still read it; `undefined` when it is not JSON.
async fn json_body(response: &JsValue) -> JsValue {
    let Ok(r) = response.clone().dyn_into::<web_sys::Response>() else { return JsValue::UNDEFINED };
    let Ok(copy) = r.clone() else { return JsValue::UNDEFINED };
    match copy.json() {
        Ok(p) => await_promise(p, BODY).await.unwrap_or(JsValue::UNDEFINED),
        Err(_) => JsValue::UNDEFINED,
    }
}

/// Header `name` (lower-case) of a response whose `headers` is a `Headers`-like object with
/// `get`, a `[name, value][]` list, or a plain record — the three shapes auth0-spa-js accepts.
pub fn header(response: &JsValue, name: &str) -> Option<String> {
    let h = get(response, "headers");
    if h.is_null() || h.is_undefined() {
        return None;
    }
    if let Ok(list) = h.clone().dyn_into::<Array>() {
        return list.iter().find_map(|pair| {
            let k = get(&pair, "0").as_string()?;
            if k.eq_ignore_ascii_case(name) { get(&pair, "1").as_string() } else { None }
        });
    }
    if let Ok(f) = get(&h, "get").dyn_into::<Function>() {
        return f.call1(&h, &JsValue::from_str(name)).ok()?.as_string();
    }
    let entries = Object::entries(h.dyn_ref::<Object>()?);
    entries.iter().find_map(|pair| {
        let k = get(&pair, "0").as_string()?;
        if k.eq_ignore_ascii_case(name) { get(&pair, "1").as_string() } else { None }
    })
}
