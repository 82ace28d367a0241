//! WebCrypto through `web-sys`: ES256 keys, signatures, SHA-256 and randomness. Works in
//! windows and workers (it reads the global `crypto`).

use super::{await_promise, get, get_as, Failure};
use crate::core::{b64, jwk::EcPublicJwk};
use crate::error::{code, Error};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{Crypto, CryptoKey, EcKeyGenParams, EcdsaParams, SubtleCrypto};

const NO_CRYPTO: Error = Error::new(code::CRYPTO_ERROR, "WebCrypto is not available (a secure context is required)");
const KEYGEN: Error = Error::new(code::CRYPTO_ERROR, "Could not generate the DPoP key pair");
const SIGN: Error = Error::new(code::CRYPTO_ERROR, "Could not sign the DPoP proof");
const DIGEST: Error = Error::new(code::CRYPTO_ERROR, "Could not compute SHA-256");
const EXPORT: Error = Error::new(code::CRYPTO_ERROR, "Could not read the DPoP public key");

fn crypto() -> Result<Crypto, Failure> {
    get_as::<Crypto>(&js_sys::global(), "crypto").ok_or(Failure::from(NO_CRYPTO))
}

fn subtle() -> Result<SubtleCrypto, Failure> {
    Ok(crypto()?.subtle())
}

/// `n` bytes from `crypto.getRandomValues`.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, Failure> {
    let mut buf = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|c| Failure::Coded(NO_CRYPTO, c))?;
    Ok(buf)
}

/// A new ECDSA P-256 key pair whose private key is not extractable (RFC 9449 §11.4). The
/// public key is always extractable: WebCrypto ignores the flag for public keys.
pub async fn generate_key_pair() -> Result<JsValue, Failure> {
    let params = EcKeyGenParams::new("ECDSA", "P-256");
    let usages = Array::of2(&JsValue::from_str("sign"), &JsValue::from_str("verify"));
    let p = subtle()?
        .generate_key_with_object(&params, false, &usages)
        .map_err(|c| Failure::Coded(KEYGEN, c))?;
    await_promise(p, KEYGEN).await
}

/// The public JWK of `public_key`, reduced to its coordinates.
pub async fn export_public_jwk(public_key: &CryptoKey) -> Result<EcPublicJwk, Failure> {
    let p = subtle()?.export_key("jwk", public_key).map_err(|c| Failure::Coded(EXPORT, c))?;
    let jwk = await_promise(p, EXPORT).await?;
    let coord = |k| get(&jwk, k).as_string().unwrap_or_default();
    Ok(EcPublicJwk::new(&coord("x"), &coord("y"))?)
}

/// ES256 signature of `data`: raw `r || s`, as JWS wants it.
pub async fn sign(private_key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>, Failure> {
    let params = EcdsaParams::new_with_str("ECDSA", "SHA-256");
    let p = subtle()?
        .sign_with_object_and_u8_array(&params, private_key, data)
        .map_err(|c| Failure::Coded(SIGN, c))?;
    Ok(Uint8Array::new(&await_promise(p, SIGN).await?).to_vec())
}

/// base64url(SHA-256(`data`)): `ath` and the `jkt` thumbprint.
pub async fn sha256_b64(data: &[u8]) -> Result<String, Failure> {
    let p = subtle()?.digest_with_str_and_u8_array("SHA-256", data).map_err(|c| Failure::Coded(DIGEST, c))?;
    Ok(b64::encode(&Uint8Array::new(&await_promise(p, DIGEST).await?).to_vec()))
}
