//! The `#[wasm_bindgen]` exports, all synchronous: the pure protocol core, the nonce cache of
//! a client (`Core`), and WebCrypto calls that hand back the browser's Promise. The JS engine
//! (`js/engine.js`) awaits and composes them. This layer only converts values.

use alloc::{borrow::ToOwned, string::String};
use crate::browser::{err, response, webcrypto};
use crate::core::{b64, challenge, htu::{self, Htu}, jwk::EcPublicJwk, nonce::{NonceCache, NonceKey}, proof, retry};
use crate::error::{code, Error};
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use web_sys::CryptoKey;

fn two(a: &str, b: &str) -> Array {
    Array::of2(&JsValue::from_str(a), &JsValue::from_str(b))
}

/// A client's nonce bookkeeping (RFC 9449 §8, §9): per server origin, bounded, with
/// auth0-spa-js's `dpopNonceId` names on top.
#[wasm_bindgen]
pub struct Core {
    as_origin: String,
    nonces: NonceCache,
}

#[wasm_bindgen]
impl Core {
    /// The state of a client whose authorization server is `domain` (a host, or a URL with
    /// scheme for local servers).
    #[wasm_bindgen(constructor)]
    pub fn new(domain: &str) -> Result<Core, JsValue> {
        let as_origin = Htu::parse(&htu::domain_url(domain)).map_err(err)?.origin().to_owned();
        Ok(Core { as_origin, nonces: NonceCache::default() })
    }

    /// The latest nonce for `id`, or the authorization server's when `id` is absent.
    pub fn nonce(&mut self, id: Option<String>) -> Option<String> {
        let key = match &id {
            Some(i) => NonceKey::Id(i),
            None => NonceKey::Origin(&self.as_origin),
        };
        self.nonces.get(key).map(String::from)
    }

    /// Sets the nonce the next proof for `id` (or the authorization server) uses.
    #[wasm_bindgen(js_name = setNonce)]
    pub fn set_nonce(&mut self, nonce: &str, id: Option<String>) -> Result<(), JsValue> {
        proof::check_nonce(nonce).map_err(err)?;
        match &id {
            Some(i) => self.nonces.set(NonceKey::Id(i), nonce),
            None => self.nonces.set(NonceKey::Origin(&self.as_origin), nonce),
        }
        Ok(())
    }

    /// Prepares an attempt to `url`: `[htu, origin, nonce]`, the nonce being the
    /// `dpopNonceId`'s when it was learned from this origin (or set by hand), else the
    /// origin's own (RFC 9449 §9), or `undefined`.
    pub fn prepare(&mut self, url: &str, id: Option<String>) -> Result<Array, JsValue> {
        let h = Htu::parse(url).map_err(err)?;
        let origin = h.origin();
        let nonce = match id.as_deref().and_then(|i| self.nonces.get_for(NonceKey::Id(i), origin)) {
            Some(n) => Some(n.to_owned()),
            None => self.nonces.get(NonceKey::Origin(origin)).map(String::from),
        };
        let out = two(h.as_str(), origin);
        out.push(&nonce.map_or(JsValue::UNDEFINED, |n| JsValue::from_str(&n)));
        Ok(out)
    }

    /// Judges the response to attempt `attempt` (RFC 9449 §8, §9): learns its `DPoP-Nonce`
    /// (under `origin` and the caller's `dpopNonceId`), then returns `false` to accept it,
    /// `true` to retry with a fresh proof, or throws `use_dpop_nonce`. Only a 401 with a `DPoP`
    /// challenge whose `error` is `use_dpop_nonce`, or a 400 whose JSON `error` is, counts.
    #[allow(clippy::too_many_arguments)]
    pub fn judge(
        &mut self,
        origin: &str,
        id: Option<String>,
        attempt: u32,
        status: u16,
        nonce_header: Option<String>,
        www_authenticate: Option<String>,
        body_error: Option<String>,
        body_description: Option<String>,
    ) -> Result<bool, JsValue> {
        let new_nonce = nonce_header.filter(|n| proof::check_nonce(n).is_ok());
        if let Some(n) = &new_nonce {
            self.nonces.set(NonceKey::Origin(origin), n);
            if let Some(i) = &id {
                self.nonces.set_from(NonceKey::Id(i), n, Some(origin));
            }
        }
        let dpop = match (status, &www_authenticate) {
            (401, Some(h)) => challenge::parse(h).ok().and_then(|cs| cs.into_iter().find(|c| c.scheme == "dpop")),
            _ => None,
        };
        let outcome = retry::Outcome {
            status,
            challenge_error: dpop.as_ref().and_then(|c| c.param("error")),
            body_error: body_error.as_deref(),
            new_nonce: new_nonce.is_some(),
        };
        match retry::decide(attempt, &outcome) {
            retry::Decision::Accept => Ok(false),
            retry::Decision::Retry => Ok(true),
            retry::Decision::UseDpopNonce => {
                let mut e = Error::new(code::USE_DPOP_NONCE, "Server rejected DPoP proof: wrong nonce");
                e.error_description = dpop.as_ref().and_then(|c| c.param("error_description")).map(String::from).or(body_description);
                e.new_nonce = new_nonce;
                Err(err(e))
            }
        }
    }

    /// Forgets every nonce (logout).
    #[wasm_bindgen(js_name = clearNonces)]
    pub fn clear_nonces(&mut self) {
        self.nonces.clear();
    }
}

/// `[proof header (base64url), RFC 7638 thumbprint input]` for a P-256 public key.
#[wasm_bindgen(js_name = keyHeader)]
pub fn key_header(x: &str, y: &str) -> Result<Array, JsValue> {
    let jwk = EcPublicJwk::new(x, y).map_err(err)?;
    Ok(two(&jwk.proof_header_b64(), &jwk.thumbprint_input()))
}

/// Starts a fresh proof: builds its signing input (a new `jti` of 128 random bits, `iat` now,
/// `htm`, `htu` of `url`, and `nonce` and `ath` when given) and has WebCrypto sign it with
/// `private_key`. Returns `[signing input, Promise of the raw r||s signature]`.
#[wasm_bindgen(js_name = signProof)]
pub fn sign_proof(private_key: &CryptoKey, header_b64: &str, method: &str, url: &str, nonce: Option<String>, ath: Option<String>) -> Result<Array, JsValue> {
    proof::check_method(method).map_err(err)?;
    if let Some(n) = &nonce {
        proof::check_nonce(n).map_err(err)?;
    }
    let htu = Htu::parse(url).map_err(err)?;
    let jti = b64::encode(&webcrypto::random_bytes(16)?);
    let iat = (js_sys::Date::now() / 1000.0) as u64;
    let claims = proof::ProofClaims { jti: &jti, htm: method, htu: &htu, iat, ath: ath.as_deref(), nonce: nonce.as_deref() };
    let input = proof::signing_input(header_b64, &claims);
    let signature = webcrypto::sign(private_key, input.as_bytes())?;
    Ok(Array::of2(&JsValue::from_str(&input), &signature))
}

/// Checks an access token's syntax (token68) before it is hashed or sent.
#[wasm_bindgen(js_name = checkAccessToken)]
pub fn check_access_token(token: &str) -> Result<(), JsValue> {
    proof::check_access_token(token).map_err(err)
}

/// base64url of `bytes`.
#[wasm_bindgen]
pub fn b64url(bytes: &[u8]) -> String {
    b64::encode(bytes)
}

/// `token_type` of a token response, compared case-insensitively: `DPoP` or `Bearer`, else an
/// `invalid_response` error.
#[wasm_bindgen(js_name = tokenType)]
pub fn token_type(raw: Option<String>) -> Result<String, JsValue> {
    match crate::core::id_token::token_type(raw.as_deref()).map_err(err)? {
        crate::core::id_token::TokenType::DPoP => Ok("DPoP".into()),
        crate::core::id_token::TokenType::Bearer => Ok("Bearer".into()),
    }
}

/// The checked claims of the ID token `raw` against `iss`, `aud` (the client id), `nonce`,
/// `leeway` and `max_age`.
#[wasm_bindgen(js_name = idTokenClaims)]
pub fn id_token_claims(raw: &str, iss: &str, aud: &str, nonce: Option<String>, leeway: f64, max_age: Option<f64>) -> Result<JsValue, JsValue> {
    let expected = crate::core::id_token::Expected { iss, aud, nonce: nonce.as_deref(), leeway: leeway as u64, max_age: max_age.map(|m| m as u64), now: 0.0 };
    response::checked_claims(raw, expected)
}

/// WebCrypto `generateKey`: an ES256 key pair, private key not extractable.
#[wasm_bindgen(js_name = generateKeyPair)]
pub fn generate_key_pair() -> Result<Promise, JsValue> {
    webcrypto::generate_key_pair()
}

/// WebCrypto `exportKey('jwk')` of a public key.
#[wasm_bindgen(js_name = exportJwk)]
pub fn export_jwk(public_key: &CryptoKey) -> Result<Promise, JsValue> {
    webcrypto::export_jwk(public_key)
}

/// WebCrypto SHA-256 `digest` of the UTF-8 bytes of `text`.
#[wasm_bindgen]
pub fn sha256(text: &str) -> Result<Promise, JsValue> {
    webcrypto::digest(text.as_bytes())
}
