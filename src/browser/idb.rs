//! IndexedDB, as futures. The database `dpop-spa` holds one object store per concern, each
//! created by the upgrade step of the version that introduced it:
//!
//! | version | upgrade step |
//! |---|---|
//! | 1 | object store `keys`: the DPoP `CryptoKeyPair` of each client, keyed by `clientId` |
//! | 2 | object store `meta`: small strings shared by tabs (the refresh generation of a client's token cache) |
//!
//! Each step checks `objectStoreNames` first, so a half-finished earlier upgrade is harmless.
//! Connections close themselves on `versionchange` so a newer tab's upgrade is never blocked.

use super::{await_promise, Failure};
use crate::error::{code, Error};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbFactory, IdbObjectStore, IdbRequest, IdbTransactionMode};

/// Database name, shared by every client of the page's origin (keys are per `clientId`).
pub const DB_NAME: &str = "dpop-spa";
/// Current schema version.
pub const DB_VERSION: u32 = 2;
/// Object store of key pairs.
pub const KEYS: &str = "keys";
/// Object store of strings shared by tabs.
pub const META: &str = "meta";

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

/// One upgrade step per version, in order. Each step checks `objectStoreNames` instead of
/// trusting the old version number, so a database left at an older version by anything
/// (an aborted upgrade, a tool opening it without a version) is healed too.
fn upgrade(db: IdbDatabase, _old: u32) {
    let names = db.object_store_names();
    for store in [KEYS /* version 1 */, META /* version 2 */] {
        if !names.contains(store) {
            let _ = db.create_object_store(store);
        }
    }
}

/// Opens the database, or fails with `idb_unavailable` when `indexedDB` is missing, throws,
/// fails or is blocked (browser policy, older Firefox private windows, sandboxed frames).
pub async fn open() -> Result<IdbDatabase, Failure> {
    let factory = super::get(&js_sys::global(), "indexedDB");
    let factory: IdbFactory = factory.dyn_into().map_err(|_| Failure::from(UNAVAILABLE))?;
    let step = Closure::<dyn Fn(IdbDatabase, u32)>::new(upgrade);
    let p = idb_open(&factory, DB_NAME, DB_VERSION, step.as_ref()).map_err(|c| Failure::Coded(UNAVAILABLE, c))?;
    let db = await_promise(p, UNAVAILABLE).await?;
    drop(step);
    db.dyn_into().map_err(|_| Failure::from(UNAVAILABLE))
}

fn store(db: &IdbDatabase, name: &str, mode: IdbTransactionMode) -> Result<IdbObjectStore, Failure> {
    db.transaction_with_str_and_mode(name, mode)
        .and_then(|tx| tx.object_store(name))
        .map_err(|c| Failure::Coded(STORE, c))
}

async fn run(req: Result<IdbRequest, JsValue>) -> Result<JsValue, Failure> {
    let req = req.map_err(|c| Failure::Coded(STORE, c))?;
    await_promise(idb_request(&req), STORE).await
}

/// The value stored under `key` in store `name`, if any.
pub async fn get(db: &IdbDatabase, name: &str, key: &str) -> Result<Option<JsValue>, Failure> {
    let v = run(store(db, name, IdbTransactionMode::Readonly)?.get(&JsValue::from_str(key))).await?;
    Ok(if v.is_undefined() { None } else { Some(v) })
}

/// Stores `value` under `key` only if nothing is there yet: `add` is atomic, so of several
/// tabs racing to create a key exactly one wins. `Ok(false)` means another writer won.
pub async fn add(db: &IdbDatabase, name: &str, key: &str, value: &JsValue) -> Result<bool, Failure> {
    let req = store(db, name, IdbTransactionMode::Readwrite)?.add_with_key(value, &JsValue::from_str(key));
    match run(req).await {
        Ok(_) => Ok(true),
        Err(Failure::Coded(_, cause)) if super::get(&cause, "name").as_string().as_deref() == Some("ConstraintError") => Ok(false),
        Err(f) => Err(f),
    }
}

/// Stores `value` under `key`, replacing what was there.
pub async fn put(db: &IdbDatabase, name: &str, key: &str, value: &JsValue) -> Result<(), Failure> {
    run(store(db, name, IdbTransactionMode::Readwrite)?.put_with_key(value, &JsValue::from_str(key))).await.map(|_| ())
}

/// Deletes the value under `key`.
pub async fn delete(db: &IdbDatabase, name: &str, key: &str) -> Result<(), Failure> {
    run(store(db, name, IdbTransactionMode::Readwrite)?.delete(&JsValue::from_str(key))).await.map(|_| ())
}

/// The string under `key` in `meta`; `None` when absent or when IndexedDB is unavailable
/// (then nothing is shared between tabs anyway: tokens stay in the page).
pub async fn meta_get(key: &str) -> Result<Option<String>, Failure> {
    let Ok(db) = open().await else { return Ok(None) };
    let r = get(&db, META, key).await;
    db.close();
    Ok(r?.and_then(|v| v.as_string()))
}

/// Stores the string `value` under `key` in `meta` (a no-op without IndexedDB).
pub async fn meta_put(key: &str, value: &str) -> Result<(), Failure> {
    let Ok(db) = open().await else { return Ok(()) };
    let r = put(&db, META, key, &JsValue::from_str(value)).await;
    db.close();
    r
}
