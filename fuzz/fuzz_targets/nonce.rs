//! Nonce and clock-offset bookkeeping (src/core/nonce.rs, src/core/clock.rs: one bounded
//! table), against a model: a map with a use counter, the least recently used entry evicted
//! (written from the modules' contracts, not their code). Properties, after every operation
//! of a generated sequence:
//! - the table never holds more than its capacity (at least 1), and as many as the model;
//! - `get` returns the model's nonce (origins, `dpopNonceId`s and clock entries never
//!   collide, whatever their text), `get_for` only a nonce set by hand or learned from that
//!   origin; `offset` is the model's and does not count as a use;
//! - `clock::learn` ignores non-finite readings and never lets an ID token's `iat` replace a
//!   `Date` reading; `clock::offset` is the origin's own offset, else the authorization
//!   server's, else 0, and applied only when 60 s < |offset| < 12 h;
//! - `clear` empties it.
#![no_main]
use arbitrary::Arbitrary;
use dpop_spa::core::clock::{self, Source};
use dpop_spa::core::nonce::{NonceCache, NonceKey};
use libfuzzer_sys::fuzz_target;

/// Names chosen so that an origin, an id and a clock entry share text, and tags could be
/// confused.
const NAMES: [&str; 8] = ["https://a.example", "https://b.example", "ohttps://a.example", "ihttps://a.example", "chttps://a.example", "", "o", "c"];

fn name(i: u8) -> &'static str {
    NAMES[i as usize % NAMES.len()]
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum K {
    Origin(u8),
    Id(u8),
}
impl K {
    fn key(self) -> NonceKey<'static> {
        match self {
            K::Origin(i) => NonceKey::Origin(name(i)),
            K::Id(i) => NonceKey::Id(name(i)),
        }
    }
    fn id(self) -> (u8, &'static str) {
        match self {
            K::Origin(i) => (0, name(i)),
            K::Id(i) => (1, name(i)),
        }
    }
}
/// The model's key of a clock entry.
fn clock_id(i: u8) -> (u8, &'static str) {
    (2, name(i))
}

/// Seconds: near the thresholds, or anything (NaN and infinities included).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Secs {
    Near(i32),
    Any(f64),
}
impl Secs {
    fn get(self) -> f64 {
        match self {
            Secs::Near(d) => d as f64 / 4.0,
            Secs::Any(x) => x,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Get(K),
    GetFor(K, u8),
    Set(K, u8),
    SetFrom(K, u8, Option<u8>),
    SetOffset(u8, Secs, bool),
    Learn(u8, Secs, Secs, bool),
    Offset(u8, u8),
    Clear,
}

fn source(date: bool) -> Source {
    if date { Source::Date } else { Source::IdToken }
}

#[derive(Clone)]
struct Entry {
    key: (u8, &'static str),
    nonce: String,
    from: Option<&'static str>,
    offset: Option<(f64, Source)>,
    used: u64,
}

struct Model {
    capacity: usize,
    clock: u64,
    map: Vec<Entry>,
}

impl Model {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }
    fn find(&self, key: (u8, &str)) -> Option<&Entry> {
        self.map.iter().find(|e| e.key == key)
    }
    fn get(&mut self, key: (u8, &'static str)) -> Option<String> {
        let now = self.tick();
        let e = self.map.iter_mut().find(|e| e.key == key)?;
        e.used = now;
        Some(e.nonce.clone())
    }
    fn set(&mut self, key: (u8, &'static str), nonce: String, from: Option<&'static str>, offset: Option<(f64, Source)>) {
        let used = self.tick();
        self.map.retain(|e| e.key != key);
        if self.map.len() >= self.capacity {
            let oldest = self.map.iter().map(|e| e.used).min().expect("full");
            self.map.retain(|e| e.used != oldest);
        }
        self.map.push(Entry { key, nonce, from, offset, used });
    }
    fn offset(&self, i: u8) -> Option<(f64, Source)> {
        self.find(clock_id(i)).and_then(|e| e.offset)
    }
}

/// Offsets compared bit for bit (NaN included).
fn bits(o: Option<(f64, Source)>) -> Option<(u64, Source)> {
    o.map(|(x, s)| (x.to_bits(), s))
}

fuzz_target!(|input: (u8, Vec<Op>)| {
    let (capacity, ops) = input;
    let capacity = capacity as usize % 9; // 0 means 1
    let mut table = NonceCache::new(capacity);
    let mut model = Model { capacity: capacity.max(1), clock: 0, map: Vec::new() };
    for op in &ops {
        match *op {
            Op::Get(k) => assert_eq!(table.get(k.key()).map(String::from), model.get(k.id()), "{op:?}"),
            Op::GetFor(k, o) => {
                let origin = name(o);
                let allowed = model.find(k.id()).is_some_and(|e| e.from.is_none_or(|f| f == origin));
                let want = if allowed { model.get(k.id()) } else { None };
                assert_eq!(table.get_for(k.key(), origin).map(String::from), want, "{op:?}");
            }
            Op::Set(k, n) => {
                let nonce = format!("n{n}");
                table.set(k.key(), &nonce);
                model.set(k.id(), nonce, None, None);
            }
            Op::SetFrom(k, n, from) => {
                let nonce = format!("n{n}");
                let from = from.map(name);
                table.set_from(k.key(), &nonce, from);
                model.set(k.id(), nonce, from, None);
            }
            Op::SetOffset(o, x, date) => {
                table.set_offset(name(o), x.get(), source(date));
                model.set(clock_id(o), String::new(), None, Some((x.get(), source(date))));
            }
            Op::Learn(o, server, device, date) => {
                let (server, device, src) = (server.get(), device.get(), source(date));
                clock::learn(&mut table, name(o), server, device, src);
                let date_kept = model.offset(o).is_some_and(|(_, s)| s == Source::Date) && src == Source::IdToken;
                if server.is_finite() && device.is_finite() && !date_kept {
                    model.set(clock_id(o), String::new(), None, Some((server - device, src)));
                }
            }
            Op::Offset(o, a) => {
                let raw = model.offset(o).or(model.offset(a)).map_or(0.0, |(x, _)| x);
                let want = if raw.abs() > 60.0 && raw.abs() < 43_200.0 { raw } else { 0.0 };
                let got = clock::offset(&table, name(o), name(a));
                assert_eq!(got.to_bits(), want.to_bits(), "{op:?}");
                assert!(got == 0.0 || (got.abs() > clock::MIN_OFFSET && got.abs() < clock::MAX_OFFSET));
            }
            Op::Clear => {
                table.clear();
                model.map.clear();
            }
        }
        assert!(table.len() <= model.capacity);
        assert_eq!(table.len(), model.map.len(), "after {op:?}");
        assert_eq!(table.is_empty(), model.map.is_empty());
    }
    for i in 0..NAMES.len() as u8 {
        assert_eq!(bits(table.offset(name(i))), bits(model.offset(i)));
        for k in [K::Origin(i), K::Id(i)] {
            assert_eq!(table.get(k.key()).map(String::from), model.get(k.id()));
        }
    }
});
