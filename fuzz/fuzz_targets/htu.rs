//! `htu` (src/core/htu.rs). Properties:
//! - htu(htu(x)) == htu(x), and the origin's own htu is origin + "/";
//! - the value is `http(s)://host[:port]/path`: lower-case scheme and host (but the hex digits
//!   of a percent-encoded octet, kept as given), no userinfo,
//!   query or fragment, no default port, the origin a prefix of the value;
//! - adding a fragment, or userinfo, never changes it;
//! - differential, the native side of the browser property: for any text the WHATWG URL
//!   parser (the `url` crate) accepts as http(s), htu(href) == origin + pathname;
//! - `domain_url` never ends in `/` (for a non-empty domain) and is idempotent.
#![no_main]
use dpop_spa::core::htu::{domain_url, Htu, MAX_URL_LEN};
use dpop_spa::error::code;
use dpop_spa_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let parsed = Htu::parse(&s);
    match &parsed {
        Ok(h) => {
            let (v, o) = (h.as_str(), h.origin());
            let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")).expect("scheme");
            // Upper case only as the hex digits of a percent-encoded octet (kept as given).
            let unescaped: Vec<u8> = rest.split('%').enumerate().flat_map(|(i, p)| p.bytes().skip(if i == 0 { 0 } else { 2 })).collect();
            assert!(!rest.is_empty() && !unescaped.iter().any(|b| b.is_ascii_uppercase() || matches!(b, b'@' | b'/' | b'?' | b'#')), "{o}");
            let path = v.strip_prefix(o).expect("origin is a prefix");
            assert!(path.starts_with('/') && !path.contains('?') && !path.contains('#'), "{v}");
            let default = if o.starts_with("https:") { ":443" } else { ":80" };
            assert!(!o.ends_with(default) || o.ends_with("]"), "{o}");
            assert_eq!(Htu::parse(v).as_ref(), Ok(h), "htu(htu(x)) != htu(x) for {s:?}");
            let origin_only = Htu::parse(o).expect("the origin parses");
            assert_eq!((origin_only.as_str(), origin_only.origin()), (format!("{o}/").as_str(), o));
        }
        Err(e) => assert_eq!(e.code(), code::INVALID_URL),
    }
    if s.len() + 16 <= MAX_URL_LEN {
        assert_eq!(Htu::parse(&format!("{s}#frag")), parsed, "a fragment changed htu of {s:?}");
        if let Some(rest) = s.strip_prefix("https://") {
            assert_eq!(Htu::parse(&format!("https://user:pw@{rest}")), parsed, "userinfo changed htu of {s:?}");
        }
    }

    if let Ok(u) = url::Url::parse(&s) {
        if matches!(u.scheme(), "http" | "https") && u.as_str().len() <= MAX_URL_LEN {
            let want = format!("{}{}", u.origin().ascii_serialization(), u.path());
            let got = Htu::parse(u.as_str()).unwrap_or_else(|e| panic!("{:?} refused href {:?}", e, u.as_str()));
            assert_eq!(got.as_str(), want, "href {:?}", u.as_str());
            assert_eq!(got.origin(), u.origin().ascii_serialization());
        }
    }

    let d = domain_url(&s);
    if s.bytes().any(|b| b != b'/') {
        assert!(!d.ends_with('/'), "{d}");
        assert_eq!(domain_url(&d), d);
    }
});
