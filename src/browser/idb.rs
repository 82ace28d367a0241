//! IndexedDB, as futures. The database `dpop-spa` holds one object store per concern, each
//! created by the upgrade step of the version that introduced it:
//!
//! | version | upgrade step |
//! |---|---|
//! | 1 | object store `keys`: the DPoP `CryptoKeyPair` of each client, keyed by `clientId` |
//!
//! Each step checks `objectStoreNames` first, so a half-finished earlier upgrade is harmless.
//! Connections close themselves on `versionchange` so a newer tab's upgrade is never blocked.

use super::{await_promise, get, Failure};
use crate::error::{code, Error};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbFactory, IdbObjectStore, IdbRequest, IdbTransactionMode};

/// Database name, shared by every client of the page's origin (keys are per `clientId`).
pub const DB_NAME: &str = "dpop-spa";
/// Current schema version.
pub const DB_VERSION: u32 = 1;
/// Object store of key pairs.
pub const KEYS: &str = "keys";

const UNAVAILABLE: Error = Error::new(code::IDB_UNAVAILABLE, "IndexedDB is unavailable");
const STORE: Error = Error::new(code::KEY_STORE_ERROR, "IndexedDB request failed");

#[wasm_bindgen(inline_js = r#"
export function idb_request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
export function idb_open(factory, name, version, upgrade) {
  return new Promise((resolve, reject) => {
    const r = factory.open(name, version);
    r.onupgradeneeded = (e) => upgrade(r.result, e.oldVersion);
    r.onsuccess = () => {
      const db = r.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new DOMException('IndexedDB open blocked', 'InvalidStateError'));
  });
}
"#)]
extern "C" {
    fn idb_request(r: &IdbRequest) -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn idb_open(factory: &IdbFactory, name: &str, version: u32, upgrade: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// One upgrade step per version; `old` is the version the database had.
fn upgrade(db: IdbDatabase, old: u32) {
    if old < 1 && !db.object_store_names().contains(KEYS) {
        let _ = db.create_object_store(KEYS);
    }
}

/// Opens the database, or fails with `idb_unavailable` when `indexedDB` is missing, throws,
/// fails or is blocked (browser policy, older Firefox private windows, sandboxed frames).
pub async fn open() -> Result<IdbDatabase, Failure> {
    let factory = get(&js_sys::global(), "indexedDB");
    let factory: IdbFactory = factory.dyn_into().map_err(|_| Failure::from(UNAVAILABLE))?;
    let step = Closure::<dyn Fn(IdbDatabase, u32)>::new(upgrade);
    let p = idb_open(&factory, DB_NAME, DB_VERSION, step.as_ref()).map_err(|c| Failure::Coded(UNAVAILABLE, c))?;
    let db = await_promise(p, UNAVAILABLE).await?;
    drop(step);
    db.dyn_into().map_err(|_| Failure::from(UNAVAILABLE))
}

fn store(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<IdbObjectStore, Failure> {
    db.transaction_with_str_and_mode(KEYS, mode)
        .and_then(|tx| tx.object_store(KEYS))
        .map_err(|c| Failure::Coded(STORE, c))
}

async fn run(req: Result<IdbRequest, JsValue>) -> Result<JsValue, Failure> {
    let req = req.map_err(|c| Failure::Coded(STORE, c))?;
    await_promise(idb_request(&req), STORE).await
}

/// The value stored under `key`, if any.
pub async fn get_key(db: &IdbDatabase, key: &str) -> Result<Option<JsValue>, Failure> {
    let v = run(store(db, IdbTransactionMode::Readonly)?.get(&JsValue::from_str(key))).await?;
    Ok(if v.is_undefined() { None } else { Some(v) })
}

/// Stores `value` under `key` only if nothing is there yet: `add` is atomic, so of several
/// tabs racing to create a key exactly one wins. `Ok(false)` means another writer won.
pub async fn add_key(db: &IdbDatabase, key: &str, value: &JsValue) -> Result<bool, Failure> {
    let req = store(db, IdbTransactionMode::Readwrite)?.add_with_key(value, &JsValue::from_str(key));
    match run(req).await {
        Ok(_) => Ok(true),
        Err(Failure::Coded(_, cause)) if get(&cause, "name").as_string().as_deref() == Some("ConstraintError") => Ok(false),
        Err(f) => Err(f),
    }
}

/// Deletes the value under `key`.
pub async fn delete_key(db: &IdbDatabase, key: &str) -> Result<(), Failure> {
    run(store(db, IdbTransactionMode::Readwrite)?.delete(&JsValue::from_str(key))).await.map(|_| ())
}
