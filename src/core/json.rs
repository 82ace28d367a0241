//! Writing JSON strings by hand: the proof header and claims are fixed shapes, so a string
//! escaper is all we need (a JSON library would cost kilobytes of wasm; see ARCHITECTURE.md).

use alloc::string::String;
/// Appends `s` as a JSON string literal (RFC 8259 §7), quotes included.
pub fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `"name":` then the string value, preceded by a comma unless `first`.
pub fn push_member(out: &mut String, first: bool, name: &str, value: &str) {
    if !first {
        out.push(',');
    }
    push_str(out, name);
    out.push(':');
    push_str(out, value);
}

/// Appends the decimal form of `n` (no `format!`: it would pull `core::fmt` into the wasm).
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in buf.iter().skip(i) {
        out.push(b as char);
    }
}
