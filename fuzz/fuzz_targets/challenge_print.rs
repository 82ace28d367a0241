//! `WWW-Authenticate` parsing (src/core/challenge.rs) from the other side: a generated
//! challenge list, printed with every freedom RFC 9110 §11.6.1 gives a server (OWS and BWS,
//! empty list elements, token or quoted-string values, quoted-pairs for any character, case
//! of names), parses back to that list; two printed lists joined by a comma parse to both.
//! An empty list is an `invalid_challenge` error.
#![no_main]
use arbitrary::Arbitrary;
use dpop_spa::core::challenge::{parse, Challenge};
use dpop_spa_fuzz::{quotable, quote, spec_tchar, T68CHARS, TCHARS};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Gen {
    challenges: Vec<GenChallenge>,
    /// Choices for every place where whitespace or empty list elements may go.
    layout: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct GenChallenge {
    scheme: Vec<u8>,
    body: Body,
}

#[derive(Arbitrary, Debug)]
enum Body {
    Empty,
    Token68(Vec<u8>, u8),
    Params(Vec<(Vec<u8>, String, u8)>),
}

fn token(raw: &[u8], from: &[u8]) -> String {
    let t: String = raw.iter().map(|&b| from[b as usize % from.len()] as char).collect();
    if t.is_empty() { "x".into() } else { t }
}

struct Layout<'a>(std::slice::Iter<'a, u8>);
impl Layout<'_> {
    fn next(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }
    /// OWS: nothing, SP, HTAB or more.
    fn ows(&mut self) -> &'static str {
        ["", "", " ", "\t", "  ", " \t "][self.next() as usize % 6]
    }
    /// A list separator: `OWS "," OWS`, sometimes with empty elements.
    fn comma(&mut self) -> &'static str {
        [", ", ",", " , ", ",\t", ", ,", ",,", " ,  , "][self.next() as usize % 7]
    }
}

fn print(g: &Gen) -> (String, Vec<Challenge>) {
    let mut l = Layout(g.layout.iter());
    let mut out = String::from(l.ows());
    if l.next() % 4 == 0 {
        out.push_str(", ");
    }
    let mut want = Vec::new();
    for (i, gc) in g.challenges.iter().enumerate() {
        if i > 0 {
            out.push_str(l.comma());
        }
        let scheme = token(&gc.scheme, TCHARS);
        out.push_str(&scheme);
        let mut c = Challenge { scheme: scheme.to_ascii_lowercase(), token68: None, params: Vec::new() };
        match &gc.body {
            Body::Empty => {}
            Body::Token68(t, pad) => {
                let t = format!("{}{}", token(t, T68CHARS), "=".repeat(*pad as usize % 3));
                out.push(' ');
                out.push_str(l.ows());
                out.push_str(&t);
                c.token68 = Some(t);
            }
            Body::Params(ps) => {
                for (name, value, style) in ps {
                    let name = token(name, TCHARS);
                    let lower = name.to_ascii_lowercase();
                    if !quotable(value) || c.params.iter().any(|(n, _)| *n == lower) {
                        continue;
                    }
                    out.push_str(if c.params.is_empty() { " " } else { l.comma() });
                    if c.params.is_empty() {
                        out.push_str(l.ows());
                    }
                    out.push_str(&name);
                    out.push_str(l.ows());
                    out.push('=');
                    out.push_str(l.ows());
                    let as_token = !value.is_empty() && value.bytes().all(spec_tchar);
                    match style % 3 {
                        0 if as_token => out.push_str(value),
                        2 => out.push_str(&quote(value, true)),
                        _ => out.push_str(&quote(value, false)),
                    }
                    c.params.push((lower, value.clone()));
                }
            }
        }
        out.push_str(l.ows());
        want.push(c);
    }
    if l.next() % 4 == 0 {
        out.push_str(" ,");
    }
    (out, want)
}

fuzz_target!(|g: Gen| {
    let (header, want) = print(&g);
    let got = parse(&header);
    if want.is_empty() {
        assert!(got.is_err(), "{header:?}");
        return;
    }
    assert_eq!(got.as_ref().ok(), Some(&want), "{header:?}");
    let twice = format!("{header}, {header}");
    let both: Vec<Challenge> = want.iter().chain(&want).cloned().collect();
    assert_eq!(parse(&twice).ok(), Some(both), "{twice:?}");
});
