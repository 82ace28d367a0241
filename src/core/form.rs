//! `application/x-www-form-urlencoded` (WHATWG URL §5.2), for the authorization request's
//! query and the token request's body.
//!
//! ```
//! use dpop_spa::core::form::encode;
//! assert_eq!(encode(&[("scope", "openid profile"), ("redirect_uri", "https://a/cb?x=1")]),
//!            "scope=openid+profile&redirect_uri=https%3A%2F%2Fa%2Fcb%3Fx%3D1");
//! ```

use alloc::string::String;
/// Appends one name or value, percent-encoding all but `*-._` and ASCII alphanumerics.
pub fn push_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// `name=value&…` in the given order.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_component(&mut out, k);
        out.push('=');
        push_component(&mut out, v);
    }
    out
}
