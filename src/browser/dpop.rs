//! The per-client DPoP state of a page: the key (loaded once, single-flight), the nonce cache
//! and the last `ath`. Builds proofs from [`crate::core::proof`] with WebCrypto signatures.

use super::{key_store, key_store::KeyMaterial, webcrypto, Failure};
use crate::core::{b64, htu::Htu, nonce::{NonceCache, NonceKey}, proof};
use std::cell::RefCell;
use std::rc::Rc;
use crate::error::{code, Error};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const KEY_BUSY: Error = Error::new(code::KEY_STORE_ERROR, "The DPoP key kept changing while loading");

enum KeySlot {
    Empty,
    /// A load is under way; every caller awaits this one promise.
    Loading(js_sys::Promise),
    Ready(Rc<KeyMaterial>),
}

/// DPoP state for one `clientId`.
pub struct Dpop {
    client_id: String,
    /// Origin of the authorization server: the nonce `getDpopNonce()` returns with no id.
    pub as_origin: String,
    key: RefCell<KeySlot>,
    /// Nonces per origin and per `dpopNonceId`.
    pub nonces: RefCell<NonceCache>,
    /// `(access token, ath)` of the last token hashed: a fetcher reuses one token many times.
    last_ath: RefCell<Option<(String, String)>>,
}

impl Dpop {
    /// State for `client_id`, whose authorization server lives at `as_origin`.
    pub fn new(client_id: String, as_origin: String) -> Rc<Dpop> {
        Rc::new(Dpop {
            client_id,
            as_origin,
            key: RefCell::new(KeySlot::Empty),
            nonces: RefCell::new(NonceCache::default()),
            last_ath: RefCell::new(None),
        })
    }

    /// The key material, loading or creating the key on first use. Concurrent first calls
    /// share one load; a failed load is retried by the next call; a call made while the key
    /// is being deleted waits for the delete, then loads a new key.
    pub async fn key(self: &Rc<Self>) -> Result<Rc<KeyMaterial>, Failure> {
        // Ready, or at most: wait for a delete, wait for a load (ours or another caller's).
        for _ in 0..3 {
            let pending = match &*self.key.borrow() {
                KeySlot::Ready(k) => return Ok(k.clone()),
                KeySlot::Loading(p) => Some(p.clone()),
                KeySlot::Empty => None,
            };
            let p = pending.unwrap_or_else(|| self.start_load());
            JsFuture::from(p).await.map_err(Failure::Js)?;
        }
        Err(KEY_BUSY.into())
    }

    fn start_load(self: &Rc<Self>) -> js_sys::Promise {
        let this = self.clone();
        let p = future_to_promise(async move {
            let (slot, result) = match key_store::load_or_create(&this.client_id).await {
                Ok(k) => (KeySlot::Ready(Rc::new(k)), Ok(JsValue::UNDEFINED)),
                Err(f) => (KeySlot::Empty, Err(f.into_js())),
            };
            *this.key.borrow_mut() = slot;
            result
        });
        *self.key.borrow_mut() = KeySlot::Loading(p.clone());
        p
    }

    /// Forgets the key in memory and every nonce, without touching IndexedDB: another tab
    /// deleted the key (logout), so the next proof loads whatever is stored now.
    pub fn forget(&self) {
        if !matches!(&*self.key.borrow(), KeySlot::Loading(_)) {
            *self.key.borrow_mut() = KeySlot::Empty;
        }
        self.nonces.borrow_mut().clear();
        *self.last_ath.borrow_mut() = None;
    }

    /// Deletes the key (memory and IndexedDB) and forgets every nonce: the next proof uses a
    /// new key. Callers of [`Dpop::key`] meanwhile wait for the delete.
    pub async fn clear(self: &Rc<Self>) -> Result<(), Failure> {
        // Let a load in progress finish first, so it cannot store its key after the delete.
        let pending = match &*self.key.borrow() {
            KeySlot::Loading(p) => Some(p.clone()),
            _ => None,
        };
        if let Some(p) = pending {
            let _ = JsFuture::from(p).await;
        }
        self.nonces.borrow_mut().clear();
        *self.last_ath.borrow_mut() = None;
        let this = self.clone();
        let p = future_to_promise(async move {
            let r = key_store::delete(&this.client_id).await;
            *this.key.borrow_mut() = KeySlot::Empty;
            r.map(|_| JsValue::UNDEFINED).map_err(Failure::into_js)
        });
        *self.key.borrow_mut() = KeySlot::Loading(p.clone());
        JsFuture::from(p).await.map(|_| ()).map_err(Failure::Js)
    }

    /// base64url(SHA-256(token)), remembered for the last token.
    async fn ath(&self, token: &str) -> Result<String, Failure> {
        if let Some((t, a)) = &*self.last_ath.borrow() {
            if t == token {
                return Ok(a.clone());
            }
        }
        let a = webcrypto::sha256_b64(token.as_bytes()).await?;
        *self.last_ath.borrow_mut() = Some((token.into(), a.clone()));
        Ok(a)
    }

    /// A fresh proof (new `jti`, current `iat`) for `htm` and `htu`, with `nonce` and, when an
    /// access token is presented, `ath`.
    pub async fn proof(
        self: &Rc<Self>,
        htm: &str,
        htu: &Htu,
        nonce: Option<&str>,
        access_token: Option<&str>,
    ) -> Result<String, Failure> {
        proof::check_method(htm)?;
        if let Some(n) = nonce {
            proof::check_nonce(n)?;
        }
        let ath = match access_token {
            Some(t) => {
                proof::check_access_token(t)?;
                Some(self.ath(t).await?)
            }
            None => None,
        };
        let key = self.key().await?;
        let jti = b64::encode(&webcrypto::random_bytes(16)?);
        let iat = (js_sys::Date::now() / 1000.0) as u64;
        let claims = proof::ProofClaims { jti: &jti, htm, htu, iat, ath: ath.as_deref(), nonce };
        let input = proof::signing_input(&key.header_b64, &claims);
        let sig = webcrypto::sign(&key.private_key, input.as_bytes()).await?;
        Ok(proof::compact(input, &sig))
    }

    /// The nonce to send to `origin`: the `dpopNonceId`'s when the caller names one and it
    /// was learned from this origin (or set by hand), else the origin's own (RFC 9449 §9).
    pub fn nonce_for(&self, origin: &str, id: Option<&str>) -> Option<String> {
        let mut c = self.nonces.borrow_mut();
        if let Some(n) = id.and_then(|i| c.get_for(NonceKey::Id(i), origin)) {
            return Some(n.into());
        }
        c.get(NonceKey::Origin(origin)).map(Into::into)
    }

    /// Records a nonce a server sent, under its origin and under the caller's `dpopNonceId`.
    pub fn learn_nonce(&self, origin: &str, id: Option<&str>, nonce: &str) {
        let mut c = self.nonces.borrow_mut();
        c.set(NonceKey::Origin(origin), nonce);
        if let Some(i) = id {
            c.set_from(NonceKey::Id(i), nonce, Some(origin));
        }
    }
}
