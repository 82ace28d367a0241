//! Pure protocol logic: no `wasm_bindgen`, `web_sys` or `js_sys`. Every module is tested
//! natively with vectors from `tests/vectors/`.

pub mod b64;
pub mod clock;
pub mod id_token;
pub mod challenge;
pub mod json;
pub mod jwk;
pub mod htu;
pub mod nonce;
pub mod proof;
pub mod retry;
