//! One error type with a stable code per kind. Messages are fixed strings: they never carry
//! a token, a nonce or key material, and formatting machinery stays out of the shipped wasm.

use alloc::string::String;
/// Stable machine-readable codes. The JS facade maps them to auth0-spa-js's error classes.
pub mod code {
    /// A URL is not an absolute `http:`/`https:` URL, or is too long.
    pub const INVALID_URL: &str = "invalid_url";
    /// An HTTP method is not an RFC 9110 token.
    pub const INVALID_METHOD: &str = "invalid_method";
    /// A nonce is empty, too long, or has characters RFC 9449 §8.1 does not allow.
    pub const INVALID_NONCE: &str = "invalid_nonce";
    /// An access token is empty, too long, or not printable ASCII.
    pub const INVALID_ACCESS_TOKEN: &str = "invalid_access_token";
    /// A public JWK coordinate is not 32 bytes of base64url.
    pub const INVALID_JWK: &str = "invalid_jwk";
    /// A `WWW-Authenticate` header does not follow RFC 9110 §11.6.1.
    pub const INVALID_CHALLENGE: &str = "invalid_challenge";
    /// The server asked for a (new) DPoP nonce and the one retry did not satisfy it.
    pub const USE_DPOP_NONCE: &str = "use_dpop_nonce";
    /// WebCrypto refused an operation (the `DOMException` is the cause).
    pub const CRYPTO_ERROR: &str = "crypto_error";
    /// The token endpoint's answer is not usable: an unknown `token_type` here; not JSON or
    /// missing fields in the JS engine (which adds the HTTP status).
    pub const INVALID_RESPONSE: &str = "invalid_response";
    /// The ID token is malformed or one of its claims fails validation.
    pub const INVALID_ID_TOKEN: &str = "invalid_id_token";
}

/// An error with a stable [`code`](Error::code), a fixed message and, for OAuth errors, the
/// server's `error_description` and the nonce it sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: &'static str,
    message: &'static str,
    /// `error_description` from the server, when it sent one.
    pub error_description: Option<String>,
    /// The `DPoP-Nonce` the server sent with a `use_dpop_nonce` error (a property, never a message).
    pub new_nonce: Option<String>,
}

impl Error {
    /// An error of kind `code` with a fixed `message`.
    pub const fn new(code: &'static str, message: &'static str) -> Self {
        Error { code, message, error_description: None, new_nonce: None }
    }
    /// The stable code, one of [`code`].
    pub fn code(&self) -> &'static str {
        self.code
    }
    /// A fixed, secret-free message.
    pub fn message(&self) -> &'static str {
        self.message
    }
}

// Debug prints the code only: the nonce stays out of logs.
impl core::fmt::Debug for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code)
    }
}
