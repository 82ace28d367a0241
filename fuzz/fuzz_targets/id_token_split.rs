//! ID-token splitting and `token_type` (src/core/id_token.rs). Properties:
//! - `split` succeeds exactly when the text has three `.`-separated parts, the third not
//!   empty and the first two canonical base64url, and then returns those two decoded;
//! - any header, payload and non-empty signature encoded and joined split back to
//!   header and payload;
//! - `token_type` is `DPoP` or `Bearer` exactly for those words in any ASCII case, else
//!   `invalid_response`.
#![no_main]
use dpop_spa::core::{b64, id_token::{split, token_type, TokenType}};
use dpop_spa::error::code;
use dpop_spa_fuzz::{fields, ref_decode, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let parts: Vec<&str> = s.split('.').collect();
    let spec = match parts[..] {
        [h, p, sig] if !sig.is_empty() => ref_decode(h).zip(ref_decode(p)),
        _ => None,
    };
    match split(&s) {
        Ok(got) => assert_eq!(Some(got), spec, "{s:?}"),
        Err(e) => {
            assert_eq!(spec, None, "refused {s:?}");
            assert_eq!(e.code(), code::INVALID_ID_TOKEN);
        }
    }

    let f = fields(data);
    if let [h, p, sig, ..] = &f[..] {
        let sig = if sig.is_empty() { "s" } else { sig.as_str() };
        let jwt = format!("{}.{}.{}", b64::encode(h.as_bytes()), b64::encode(p.as_bytes()), b64::encode(sig.as_bytes()));
        assert_eq!(split(&jwt).ok(), Some((h.clone().into_bytes(), p.clone().into_bytes())), "{jwt}");
    }

    for raw in [Some(s.as_str()), f.first().map(String::as_str), None] {
        let want = match raw.map(str::to_ascii_lowercase).as_deref() {
            Some("dpop") => Some(TokenType::DPoP),
            Some("bearer") => Some(TokenType::Bearer),
            _ => None,
        };
        match token_type(raw) {
            Ok(t) => assert_eq!(Some(t), want, "{raw:?}"),
            Err(e) => {
                assert_eq!(want, None, "{raw:?}");
                assert_eq!(e.code(), code::INVALID_RESPONSE);
            }
        }
    }
});
