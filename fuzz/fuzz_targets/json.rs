//! The JSON writer (src/core/json.rs). Properties, checked with serde_json as the parser:
//! - `push_str` of any text is one JSON string literal with that exact value;
//! - an object written with `push_member` parses (strictly, the whole output) to the same
//!   members in the same order, duplicates included;
//! - `push_u64` writes the number serde_json reads back, spelled as std formats it.
#![no_main]
use dpop_spa::core::json;
use dpop_spa_fuzz::{fields, members, number, string_members};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let mut out = String::from("[");
    for (i, s) in f.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_str(&mut out, s);
    }
    out.push(']');
    let back: Vec<String> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!(back, f);

    let pairs: Vec<(&str, &str)> = f.chunks(2).map(|p| (p[0].as_str(), p.get(1).map_or("", String::as_str))).collect();
    let mut obj = String::from("{");
    for (i, (n, v)) in pairs.iter().enumerate() {
        json::push_member(&mut obj, i == 0, n, v);
    }
    obj.push('}');
    assert_eq!(members(&obj), string_members(&pairs), "{obj:?}");

    for n in [number(f.first().map_or("", String::as_str)), data.len() as u64, u64::MAX - data.len() as u64] {
        let mut out = String::new();
        json::push_u64(&mut out, n);
        assert_eq!(out, n.to_string());
        assert_eq!(serde_json::from_str::<u64>(&out).ok(), Some(n));
    }
});
