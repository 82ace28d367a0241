//! dpop-spa: OAuth 2.0 DPoP (RFC 9449) for single-page apps, compiled to WebAssembly.
//!
//! The crate has three rooms:
//! - [`core`]: pure protocol logic (base64url, JWK and thumbprint input, `htu`, proof claims,
//!   nonce bookkeeping, `WWW-Authenticate` parsing, the retry decision). No browser types;
//!   tested natively with `cargo test`.
//! - `browser` (wasm32 only): synchronous glue: WebCrypto through `web-sys` (handing back the
//!   browser's Promises), randomness, token-response reading, errors to JS.
//! - `api` (wasm32 only): the `#[wasm_bindgen]` exports; `js/engine.js` awaits and composes
//!   them with IndexedDB and `fetch`.
//!
//! ```
//! use dpop_spa::core::htu::Htu;
//! let htu = Htu::parse("HTTPS://User:pw@API.example.com:443/r?q=1#f").unwrap();
//! assert_eq!(htu.as_str(), "https://api.example.com/r");
//! ```
#![deny(missing_docs)]
// The shipped wasm is built without the `std` feature: no_std + alloc, a panic handler that
// only traps, and so no panic formatting in the bytes every app downloads (ARCHITECTURE.md).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod core;
pub mod error;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod api;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod browser;

pub use error::Error;

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo<'_>) -> ! {
    ::core::arch::wasm32::unreachable()
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
