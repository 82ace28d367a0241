//! The `#[wasm_bindgen]` exports, all synchronous: the pure protocol core, the nonce state of
//! each client (a table indexed by the handle `coreNew` returns), and WebCrypto calls that hand
//! back the browser's Promise. The JS engine (`js/engine.js`) awaits and composes them. This
//! layer only converts values.
//!
//! Parameters are `JsValue`s read with `as_string`/`as_f64` (a value of another type counts as
//! absent) and strings go back as JS strings: wasm-bindgen's `&str`/`String` marshalling writes
//! a copy-in-and-free block into the glue for every parameter, which every app downloads.

use alloc::{borrow::ToOwned, string::String, vec::Vec};
use core::cell::UnsafeCell;
use crate::browser::{err, response, webcrypto};
use crate::core::{b64, challenge, clock::{self, Source}, htu::{self, Htu}, jwk::EcPublicJwk, nonce::{NonceCache, NonceKey}, proof, retry};
use crate::error::{code, Error};
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use web_sys::CryptoKey;

fn two(a: &str, b: &str) -> Array {
    Array::of2(&JsValue::from_str(a), &JsValue::from_str(b))
}

/// A required string parameter (a non-string is the empty string, which every check refuses).
fn text(v: &JsValue) -> String {
    v.as_string().unwrap_or_default()
}

fn js_opt(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

/// A client's nonce bookkeeping (RFC 9449 §8, §9): per server origin, bounded, with
/// auth0-spa-js's `dpopNonceId` names on top; and the servers' clock offsets, in the same
/// table (none learned when the `dpopClockOffset: false` option sets `no_clock`).
struct Core {
    as_origin: String,
    nonces: NonceCache,
    no_clock: bool,
}

impl Core {
    fn offset(&self, origin: &str) -> f64 {
        clock::offset(&self.nonces, origin, &self.as_origin)
    }
    /// Learns `origin`'s clock (or the authorization server's, for `None`).
    fn learn(&mut self, origin: Option<&str>, server: f64, source: Source) {
        if !self.no_clock {
            clock::learn(&mut self.nonces, origin.unwrap_or(&self.as_origin), server, now(), source);
        }
    }
}

/// The device clock, in seconds.
fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// Every client's [`Core`], by handle. Entries live as long as the instance: a page has a
/// client or two, and a replaced (poisoned) instance takes its table with it.
struct Clients(UnsafeCell<Vec<Core>>);
// SAFETY: wasm32 without atomics has a single thread.
unsafe impl Sync for Clients {}
static CLIENTS: Clients = Clients(UnsafeCell::new(Vec::new()));

/// The client `handle`. An unknown handle throws a plain (uncoded) `Error`, so the engine's
/// `guard` replaces the instance and its clients are made anew.
fn client(handle: u32) -> &'static mut Core {
    // SAFETY: one thread, and no export re-enters the wasm while it holds this borrow (the JS
    // it calls only builds values), so this is the only live reference to the table.
    let all = unsafe { &mut *CLIENTS.0.get() };
    match all.get_mut(handle as usize) {
        Some(c) => c,
        None => wasm_bindgen::throw_str("dpop-spa: unknown client"),
    }
}

/// A new client whose authorization server is `domain` (a host, or a URL with scheme for local
/// servers): its handle, with no nonces and no clock offsets (none ever, when `no_clock`).
#[wasm_bindgen(js_name = coreNew)]
pub fn core_new(domain: &JsValue, no_clock: bool) -> Result<u32, JsValue> {
    let as_origin = Htu::parse(&htu::domain_url(&text(domain))).map_err(err)?.origin().to_owned();
    // SAFETY: as in `client`.
    let all = unsafe { &mut *CLIENTS.0.get() };
    all.push(Core { as_origin, nonces: NonceCache::default(), no_clock });
    Ok(all.len() as u32 - 1)
}

/// The latest nonce for `id`, or the authorization server's when `id` is absent.
#[wasm_bindgen(js_name = nonce)]
pub fn core_nonce(handle: u32, id: &JsValue) -> JsValue {
    let c = client(handle);
    let id = id.as_string();
    let key = match &id {
        Some(i) => NonceKey::Id(i),
        None => NonceKey::Origin(&c.as_origin),
    };
    js_opt(c.nonces.get(key))
}

/// Sets the nonce the next proof for `id` (or the authorization server) uses.
#[wasm_bindgen(js_name = setNonce)]
pub fn core_set_nonce(handle: u32, nonce: &JsValue, id: &JsValue) -> Result<(), JsValue> {
    let c = client(handle);
    let nonce = text(nonce);
    proof::check_nonce(&nonce).map_err(err)?;
    match &id.as_string() {
        Some(i) => c.nonces.set(NonceKey::Id(i), &nonce),
        None => c.nonces.set(NonceKey::Origin(&c.as_origin), &nonce),
    }
    Ok(())
}

/// Prepares an attempt to `url`: `[htu, origin, nonce, clock offset]`, the nonce being the
/// `dpopNonceId`'s when it was learned from this origin (or set by hand), else the origin's
/// own (RFC 9449 §9), or `undefined`; the offset (seconds) is the one its proof gets.
#[wasm_bindgen(js_name = prepare)]
pub fn core_prepare(handle: u32, url: &JsValue, id: &JsValue) -> Result<Array, JsValue> {
    let c = client(handle);
    let h = Htu::parse(&text(url)).map_err(err)?;
    let origin = h.origin();
    let id = id.as_string();
    let nonce = match id.as_deref().and_then(|i| c.nonces.get_for(NonceKey::Id(i), origin)) {
        Some(n) => Some(n.to_owned()),
        None => c.nonces.get(NonceKey::Origin(origin)).map(String::from),
    };
    let out = two(h.as_str(), origin);
    out.push(&js_opt(nonce.as_deref()));
    out.push(&JsValue::from_f64(c.offset(origin)));
    Ok(out)
}

/// Judges the response to attempt `attempt` (RFC 9449 §8, §9): learns its `DPoP-Nonce`
/// (under `origin` and the caller's `dpopNonceId`) and its `Date` (`date_ms`, NaN when
/// absent or hidden by CORS), then returns `false` to accept it, `true` to retry with a fresh
/// proof, or throws `use_dpop_nonce`. Only a 401 with a `DPoP` challenge whose `error` is
/// `use_dpop_nonce`, or a 400 whose JSON `error` is, counts; or an `invalid_dpop_proof` whose
/// `Date` moved the origin's offset more than a minute away from `used_offset`, the one the
/// attempt's proof had.
#[wasm_bindgen(js_name = judge)]
#[allow(clippy::too_many_arguments)]
pub fn core_judge(
    handle: u32,
    origin: &JsValue,
    id: &JsValue,
    attempt: u32,
    status: u16,
    nonce_header: &JsValue,
    www_authenticate: &JsValue,
    body_error: &JsValue,
    body_description: &JsValue,
    date_ms: f64,
    used_offset: f64,
) -> Result<bool, JsValue> {
    let c = client(handle);
    let origin = text(origin);
    c.learn(Some(&origin), date_ms / 1000.0, Source::Date);
    let new_offset = (c.offset(&origin) - used_offset).abs() > clock::MIN_OFFSET;
    let new_nonce = nonce_header.as_string().filter(|n| proof::check_nonce(n).is_ok());
    if let Some(n) = &new_nonce {
        c.nonces.set(NonceKey::Origin(&origin), n);
        if let Some(i) = &id.as_string() {
            c.nonces.set_from(NonceKey::Id(i), n, Some(&origin));
        }
    }
    let dpop = match (status, www_authenticate.as_string()) {
        (401, Some(h)) => challenge::parse(&h).ok().and_then(|cs| cs.into_iter().find(|c| c.scheme == "dpop")),
        _ => None,
    };
    let body_error = body_error.as_string();
    let outcome = retry::Outcome {
        status,
        challenge_error: dpop.as_ref().and_then(|c| c.param("error")),
        body_error: body_error.as_deref(),
        new_nonce: new_nonce.is_some(),
        new_offset,
    };
    match retry::decide(attempt, &outcome) {
        retry::Decision::Accept => Ok(false),
        retry::Decision::Retry => Ok(true),
        retry::Decision::UseDpopNonce => {
            let mut e = Error::new(code::USE_DPOP_NONCE, "Server rejected DPoP proof: wrong nonce");
            e.error_description = dpop.as_ref().and_then(|c| c.param("error_description")).map(String::from).or_else(|| body_description.as_string());
            e.new_nonce = new_nonce;
            Err(err(e))
        }
    }
}

/// Forgets every nonce of the client (logout).
#[wasm_bindgen(js_name = clearNonces)]
pub fn core_clear_nonces(handle: u32) {
    client(handle).nonces.clear();
}

/// `[proof header (base64url), RFC 7638 thumbprint input]` for a P-256 public key.
#[wasm_bindgen(js_name = keyHeader)]
pub fn key_header(x: &JsValue, y: &JsValue) -> Result<Array, JsValue> {
    let jwk = EcPublicJwk::new(&text(x), &text(y)).map_err(err)?;
    Ok(two(&jwk.proof_header_b64(), &jwk.thumbprint_input()))
}

/// Starts a fresh proof for client `handle`: builds its signing input (a new `jti` of 128
/// random bits, `iat` now by the server's clock as the client knows it (see [`clock`]),
/// `htm`, `htu` of `url`, and `nonce` and `ath` when given) and has WebCrypto sign it with
/// `private_key`. Returns `[signing input, Promise of the raw r||s signature, the offset used]`.
#[wasm_bindgen(js_name = signProof)]
#[allow(clippy::too_many_arguments)]
pub fn sign_proof(handle: u32, private_key: &CryptoKey, header_b64: &JsValue, method: &JsValue, url: &JsValue, nonce: &JsValue, ath: &JsValue) -> Result<Array, JsValue> {
    let (method, nonce, ath) = (text(method), nonce.as_string(), ath.as_string());
    proof::check_method(&method).map_err(err)?;
    if let Some(n) = &nonce {
        proof::check_nonce(n).map_err(err)?;
    }
    let htu = Htu::parse(&text(url)).map_err(err)?;
    let jti = b64::encode(&webcrypto::random_bytes(16)?);
    let offset = client(handle).offset(htu.origin());
    let iat = (now() + offset) as u64;
    let claims = proof::ProofClaims { jti: &jti, htm: &method, htu: &htu, iat, ath: ath.as_deref(), nonce: nonce.as_deref() };
    let input = proof::signing_input(&text(header_b64), &claims);
    let signature = webcrypto::sign(private_key, input.as_bytes())?;
    let out = Array::of2(&JsValue::from_str(&input), &signature);
    out.push(&JsValue::from_f64(offset));
    Ok(out)
}

/// Checks an access token's syntax (token68) before it is hashed or sent.
#[wasm_bindgen(js_name = checkAccessToken)]
pub fn check_access_token(token: &JsValue) -> Result<(), JsValue> {
    proof::check_access_token(&text(token)).map_err(err)
}

/// `token_type` of a token response, compared case-insensitively: `DPoP` or `Bearer`, else an
/// `invalid_response` error.
#[wasm_bindgen(js_name = tokenType)]
pub fn token_type(raw: &JsValue) -> Result<JsValue, JsValue> {
    Ok(JsValue::from_str(match crate::core::id_token::token_type(raw.as_string().as_deref()).map_err(err)? {
        crate::core::id_token::TokenType::DPoP => "DPoP",
        crate::core::id_token::TokenType::Bearer => "Bearer",
    }))
}

/// Checks an ID token (OIDC Core §3.1.3.7, as auth0-spa-js): its header's `alg` and its
/// claims, as decoded by the JS engine (a claim of the wrong JSON type counts as absent),
/// against `iss`, `aud` (the client id), `nonce`, `leeway` and `max_age`, at the
/// authorization server's time as known before this token (client `handle`). Throws
/// `invalid_id_token`. A token that passes then teaches the authorization server's clock from
/// its `iat` (never before its own check).
#[wasm_bindgen(js_name = checkIdToken)]
#[allow(clippy::too_many_arguments)]
pub fn check_id_token(
    handle: u32,
    alg: &JsValue, c_iss: &JsValue, c_sub: &JsValue, c_aud: &JsValue, c_azp: &JsValue, c_exp: &JsValue, c_iat: &JsValue, c_nbf: &JsValue, c_nonce: &JsValue, c_auth_time: &JsValue,
    iss: &JsValue, aud: &JsValue, nonce: &JsValue, leeway: f64, max_age: Option<f64>,
) -> Result<(), JsValue> {
    let claims = response::claims(c_iss, c_sub, c_aud, c_azp, c_exp, c_iat, c_nbf, c_nonce, c_auth_time);
    let (iss, aud, nonce) = (text(iss), text(aud), nonce.as_string());
    let expected = crate::core::id_token::Expected {
        iss: &iss,
        aud: &aud,
        nonce: nonce.as_deref(),
        leeway: leeway as u64,
        max_age: max_age.map(|m| m as u64),
        now: 0.0,
    };
    let c = client(handle);
    response::check(alg, &claims, expected, c.offset(&c.as_origin)).map_err(err)?;
    c.learn(None, claims.iat.unwrap_or(f64::NAN), Source::IdToken);
    Ok(())
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
pub fn sha256(text: &JsValue) -> Result<Promise, JsValue> {
    webcrypto::digest(self::text(text).as_bytes())
}
