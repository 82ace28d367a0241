//! WebCrypto through `web-sys`. Each function starts the operation and returns WebCrypto's
//! Promise; a synchronous failure (no `crypto`, a bad key) is a coded error with the
//! `DOMException` as cause. Works in windows and workers (it reads the global `crypto`).

use alloc::{vec, vec::Vec};
use super::to_js;
use crate::error::{code, Error};
use js_sys::{Array, Promise};
use wasm_bindgen::{prelude::wasm_bindgen, JsValue};
use web_sys::{Crypto, CryptoKey, EcKeyGenParams, EcdsaParams, SubtleCrypto};

const NO_CRYPTO: Error = Error::new(code::CRYPTO_ERROR, "WebCrypto is not available (a secure context is required)");
const KEYGEN: Error = Error::new(code::CRYPTO_ERROR, "Could not generate the DPoP key pair");
const SIGN: Error = Error::new(code::CRYPTO_ERROR, "Could not sign the DPoP proof");
const DIGEST: Error = Error::new(code::CRYPTO_ERROR, "Could not compute SHA-256");
const RANDOM: Error = Error::new(code::CRYPTO_ERROR, "crypto.getRandomValues failed");
const EXPORT: Error = Error::new(code::CRYPTO_ERROR, "Could not read the DPoP public key");

#[wasm_bindgen]
extern "C" {
    // The global `crypto`, read directly: cheaper than looking up the global object.
    #[wasm_bindgen(thread_local_v2, js_name = crypto)]
    static CRYPTO: Option<Crypto>;
}

fn crypto() -> Result<Crypto, JsValue> {
    CRYPTO.with(Clone::clone).ok_or_else(|| super::err(NO_CRYPTO))
}

/// `crypto.subtle`, which is `undefined` outside secure contexts (plain http on a host other
/// than localhost).
fn subtle() -> Result<SubtleCrypto, JsValue> {
    let s = crypto()?.subtle();
    if s.is_undefined() {
        return Err(super::err(NO_CRYPTO));
    }
    Ok(s)
}

/// `n` bytes from `crypto.getRandomValues`.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, JsValue> {
    let mut buf = vec![0u8; n];
    crypto()?.get_random_values_with_u8_array(&mut buf).map_err(|c| to_js(RANDOM, &c))?;
    Ok(buf)
}

/// A new ECDSA P-256 key pair whose private key is not extractable (RFC 9449 §11.4). The
/// public key is always extractable: WebCrypto ignores the flag for public keys.
pub fn generate_key_pair() -> Result<Promise, JsValue> {
    let usages = Array::of2(&JsValue::from_str("sign"), &JsValue::from_str("verify"));
    subtle()?
        .generate_key_with_object(&EcKeyGenParams::new("ECDSA", "P-256"), false, &usages)
        .map_err(|c| to_js(KEYGEN, &c))
}

/// The public key as a JWK (the caller keeps only `x` and `y`).
pub fn export_jwk(public_key: &CryptoKey) -> Result<Promise, JsValue> {
    subtle()?.export_key("jwk", public_key).map_err(|c| to_js(EXPORT, &c))
}

/// ES256 signature of `data`: raw `r || s`, as JWS wants it.
pub fn sign(private_key: &CryptoKey, data: &[u8]) -> Result<Promise, JsValue> {
    subtle()?
        .sign_with_object_and_u8_array(&EcdsaParams::new_with_str("ECDSA", "SHA-256"), private_key, data)
        .map_err(|c| to_js(SIGN, &c))
}

/// SHA-256 of `data`.
pub fn digest(data: &[u8]) -> Result<Promise, JsValue> {
    subtle()?.digest_with_str_and_u8_array("SHA-256", data).map_err(|c| to_js(DIGEST, &c))
}
