//! The `#[wasm_bindgen]` exports: one stateful handle, `Engine`, whose methods the JS facade
//! (`js/index.js`) calls. This layer only converts between JS values and the Rust layers.

use crate::browser::{dpop::Dpop, token, transport, Failure};
use crate::core::{htu::{self, Htu}, nonce::NonceKey, proof};
use js_sys::{Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::Request;

/// The DPoP engine of one client.
#[wasm_bindgen]
pub struct Engine(Rc<Dpop>);

fn promise<F>(f: F) -> Promise
where
    F: core::future::Future<Output = Result<JsValue, Failure>> + 'static,
{
    future_to_promise(async move { f.await.map_err(Failure::into_js) })
}

#[wasm_bindgen]
impl Engine {
    /// The engine for `client_id`, whose authorization server is `domain` (a host, or a URL
    /// with scheme for local servers).
    #[wasm_bindgen(constructor)]
    pub fn new(client_id: String, domain: &str) -> Result<Engine, JsValue> {
        let base = htu::domain_url(domain);
        let origin = Htu::parse(&base).map_err(|e| Failure::from(e).into_js())?.origin().to_owned();
        Ok(Engine(Dpop::new(client_id, origin)))
    }

    /// A proof for `method` and `url`, with `nonce` and `ath` only when given.
    pub fn proof(&self, method: String, url: String, nonce: Option<String>, access_token: Option<String>) -> Promise {
        let d = self.0.clone();
        promise(async move {
            let htu = Htu::parse(&url)?;
            Ok(d.proof(&method, &htu, nonce.as_deref(), access_token.as_deref()).await?.into())
        })
    }

    /// The RFC 7638 thumbprint of the public key (`dpop_jkt`).
    pub fn jkt(&self) -> Promise {
        let d = self.0.clone();
        promise(async move { Ok(d.key().await?.jkt.as_str().into()) })
    }

    /// Whether the key survives a reload (false when IndexedDB is unavailable).
    #[wasm_bindgen(js_name = isPersistent)]
    pub fn is_persistent(&self) -> Promise {
        let d = self.0.clone();
        promise(async move { Ok(d.key().await?.persistent.into()) })
    }

    /// The latest nonce for `id`, or the authorization server's when `id` is absent.
    pub fn nonce(&self, id: Option<String>) -> Option<String> {
        let mut c = self.0.nonces.borrow_mut();
        let key = match &id {
            Some(i) => NonceKey::Id(i),
            None => NonceKey::Origin(&self.0.as_origin),
        };
        c.get(key).map(String::from)
    }

    /// Sets the nonce the next proof for `id` (or the authorization server) uses.
    #[wasm_bindgen(js_name = setNonce)]
    pub fn set_nonce(&self, nonce: &str, id: Option<String>) -> Result<(), JsValue> {
        proof::check_nonce(nonce).map_err(|e| Failure::from(e).into_js())?;
        let mut c = self.0.nonces.borrow_mut();
        match &id {
            Some(i) => c.set(NonceKey::Id(i), nonce),
            None => c.set(NonceKey::Origin(&self.0.as_origin), nonce),
        }
        Ok(())
    }

    /// Sends `request` with `token` (`DPoP` scheme and a proof when `dpop`, else `Bearer`),
    /// retrying once on `use_dpop_nonce`. `token` absent and `token_endpoint` set: a token
    /// request carrying a proof only.
    pub fn send(
        &self,
        request: Request,
        token: Option<String>,
        dpop: bool,
        nonce_id: Option<String>,
        fetch: Option<Function>,
        token_endpoint: bool,
    ) -> Promise {
        let d = self.0.clone();
        let opts = transport::Send { auth: transport::Auth { token, dpop }, nonce_id, fetch, token_endpoint };
        promise(async move { transport::send(&d, request, opts).await })
    }

    /// Starts an authorization request; `params` is a flat `[name, value, …]` list.
    /// Resolves to `{ url, state, nonce, code_verifier }`.
    pub fn authorize(&self, endpoint: String, params: Vec<String>, use_dpop: bool) -> Promise {
        let d = self.0.clone();
        let pairs: Vec<(String, String)> = params.chunks_exact(2).filter_map(|c| Some((c.first()?.clone(), c.get(1)?.clone()))).collect();
        promise(async move { token::authorize(&d, &endpoint, &pairs, use_dpop).await })
    }

    /// A token request: POSTs the form `params` (flat `[name, value, …]`) to `url` (with a proof when `use_dpop`) and
    /// checks the answer. With `iss`, the ID token is checked against `iss`, `aud`, `nonce`,
    /// `leeway` and `max_age`.
    #[allow(clippy::too_many_arguments)]
    pub fn token(
        &self,
        url: String,
        params: Vec<String>,
        use_dpop: bool,
        iss: Option<String>,
        aud: String,
        nonce: Option<String>,
        leeway: f64,
        max_age: Option<f64>,
    ) -> Promise {
        let d = self.0.clone();
        let check = iss.map(|iss| token::IdTokenCheck { iss, aud, nonce, leeway: leeway as u64, max_age: max_age.map(|m| m as u64) });
        let pairs: Vec<(&str, &str)> = params.chunks_exact(2).filter_map(|c| Some((c.first()?.as_str(), c.get(1)?.as_str()))).collect();
        let body = crate::core::form::encode(&pairs);
        promise(async move { token::request(&d, &url, &body, use_dpop, check).await })
    }

    /// Forgets the key in memory and the nonces (another tab logged out); IndexedDB untouched.
    pub fn forget(&self) {
        self.0.forget();
    }

    /// The string tabs share under `key` (IndexedDB: consistent across tabs, unlike
    /// localStorage), or `undefined`.
    pub fn meta(&self, key: String) -> Promise {
        promise(async move { Ok(crate::browser::idb::meta_get(&key).await?.map_or(JsValue::UNDEFINED, |s| s.into())) })
    }

    /// Stores a string tabs share under `key`.
    #[wasm_bindgen(js_name = setMeta)]
    pub fn set_meta(&self, key: String, value: String) -> Promise {
        promise(async move { crate::browser::idb::meta_put(&key, &value).await.map(|_| JsValue::UNDEFINED) })
    }

    /// Deletes the key pair (memory and IndexedDB) and forgets every nonce.
    pub fn clear(&self) -> Promise {
        let d = self.0.clone();
        promise(async move { d.clear().await.map(|_| JsValue::UNDEFINED) })
    }
}
