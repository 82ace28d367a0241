//! The client's DPoP key: loaded or created once, persisted in IndexedDB, kept in memory.
//!
//! Exactly one key per client: within a page the caller ([`super::dpop`]) single-flights the
//! load; across tabs, IndexedDB `add` is insert-if-absent, so when several tabs create a key
//! at the same moment one `add` wins and the others read the winner's key back.
//! When IndexedDB cannot be used, the key lives in memory for the page's life and a single
//! `console.warn` says so with the code `idb_unavailable`.

use super::{get_as, idb, webcrypto, Failure};
use crate::error::{code, Error};
use core::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

/// What every proof needs, derived once per page from the key pair.
pub struct KeyMaterial {
    /// The non-extractable ES256 private key.
    pub private_key: CryptoKey,
    /// base64url of the proof header (typ, alg, public jwk).
    pub header_b64: String,
    /// RFC 7638 thumbprint of the public key.
    pub jkt: String,
    /// Whether the key is stored in IndexedDB (false: it dies with the page).
    pub persistent: bool,
}

const BAD_PAIR: Error = Error::new(code::KEY_STORE_ERROR, "Stored DPoP key pair is unreadable");

// An atomic rather than a thread_local: the latter's access check brings panic formatting.
static WARNED: AtomicBool = AtomicBool::new(false);

fn warn_idb_unavailable(cause: &JsValue) {
    if !WARNED.swap(true, Ordering::Relaxed) {
        web_sys::console::warn_2(
            &JsValue::from_str("[dpop-spa] idb_unavailable: IndexedDB cannot be used, so the DPoP key lives in memory for this page only."),
            cause,
        );
    }
}

/// Loads the client's key pair from IndexedDB, creating it if missing, or falls back to an
/// in-memory key when IndexedDB is unavailable.
pub async fn load_or_create(client_id: &str) -> Result<KeyMaterial, Failure> {
    let (pair, persistent) = match stored_pair(client_id).await {
        Ok(pair) => (pair, true),
        // Any storage failure (absent, blocked, quota, a broken record) falls back to memory.
        Err(Failure::Coded(e, cause)) if e.code() == code::IDB_UNAVAILABLE || e.code() == code::KEY_STORE_ERROR => {
            warn_idb_unavailable(&cause);
            (webcrypto::generate_key_pair().await?, false)
        }
        Err(f) => return Err(f),
    };
    let private_key: CryptoKey = get_as(&pair, "privateKey").ok_or(Failure::from(BAD_PAIR))?;
    let public_key: CryptoKey = get_as(&pair, "publicKey").ok_or(Failure::from(BAD_PAIR))?;
    let jwk = webcrypto::export_public_jwk(&public_key).await?;
    let jkt = webcrypto::sha256_b64(jwk.thumbprint_input().as_bytes()).await?;
    Ok(KeyMaterial { private_key, header_b64: jwk.proof_header_b64(), jkt, persistent })
}

async fn stored_pair(client_id: &str) -> Result<JsValue, Failure> {
    let db = idb::open().await?;
    let result = get_or_add(&db, client_id).await;
    db.close();
    result
}

fn is_pair(v: &JsValue) -> bool {
    get_as::<CryptoKey>(v, "privateKey").is_some() && get_as::<CryptoKey>(v, "publicKey").is_some()
}

async fn get_or_add(db: &web_sys::IdbDatabase, client_id: &str) -> Result<JsValue, Failure> {
    match idb::get(db, idb::KEYS, client_id).await? {
        Some(pair) if is_pair(&pair) => return Ok(pair),
        // A record that is not a key pair (corrupted, or written by something else): replace it.
        Some(_) => idb::delete(db, idb::KEYS, client_id).await?,
        None => {}
    }
    let fresh = webcrypto::generate_key_pair().await?;
    if idb::add(db, idb::KEYS, client_id, &fresh).await? {
        return Ok(fresh);
    }
    // Another tab stored its key first: use that one, so both tabs share one key.
    idb::get(db, idb::KEYS, client_id).await?.filter(is_pair).ok_or(Failure::from(BAD_PAIR))
}

/// Deletes the client's stored key pair (logout). Without IndexedDB there is nothing to delete.
pub async fn delete(client_id: &str) -> Result<(), Failure> {
    let db = match idb::open().await {
        Ok(db) => db,
        Err(Failure::Coded(e, _)) if e.code() == code::IDB_UNAVAILABLE => return Ok(()),
        Err(f) => return Err(f),
    };
    let r = idb::delete(&db, idb::KEYS, client_id).await;
    db.close();
    r
}
