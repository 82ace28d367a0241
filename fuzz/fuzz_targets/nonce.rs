//! Nonce bookkeeping (src/core/nonce.rs), against a model: a map with a use counter, the
//! least recently used entry evicted (written from the module's contract, not its code).
//! Properties, after every operation of a generated sequence:
//! - the cache never holds more than its capacity (at least 1), and as many as the model;
//! - `get` returns the model's nonce (origins and `dpopNonceId`s never collide, whatever
//!   their text), `get_for` only a nonce set by hand or learned from that origin;
//! - `clear` empties it.
#![no_main]
use arbitrary::Arbitrary;
use dpop_spa::core::nonce::{NonceCache, NonceKey};
use libfuzzer_sys::fuzz_target;

/// Names chosen so that an origin and an id share text, and tags could be confused.
const NAMES: [&str; 7] = ["https://a.example", "https://b.example", "ohttps://a.example", "ihttps://a.example", "", "o", "i"];

#[derive(Arbitrary, Debug, Clone, Copy)]
enum K {
    Origin(u8),
    Id(u8),
}
impl K {
    fn key(self) -> NonceKey<'static> {
        match self {
            K::Origin(i) => NonceKey::Origin(NAMES[i as usize % NAMES.len()]),
            K::Id(i) => NonceKey::Id(NAMES[i as usize % NAMES.len()]),
        }
    }
    /// The model's key: kind and name, compared as a pair.
    fn id(self) -> (bool, &'static str) {
        match self {
            K::Origin(i) => (true, NAMES[i as usize % NAMES.len()]),
            K::Id(i) => (false, NAMES[i as usize % NAMES.len()]),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Get(K),
    GetFor(K, u8),
    Set(K, u8),
    SetFrom(K, u8, Option<u8>),
    Clear,
}

struct Model {
    capacity: usize,
    clock: u64,
    /// key → (nonce, from, last use)
    map: Vec<((bool, &'static str), String, Option<&'static str>, u64)>,
}

impl Model {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }
    fn get(&mut self, k: K) -> Option<String> {
        let now = self.tick();
        let e = self.map.iter_mut().find(|e| e.0 == k.id())?;
        e.3 = now;
        Some(e.1.clone())
    }
    fn set(&mut self, k: K, nonce: String, from: Option<&'static str>) {
        let now = self.tick();
        self.map.retain(|e| e.0 != k.id());
        if self.map.len() >= self.capacity {
            let oldest = self.map.iter().map(|e| e.3).min().expect("full");
            self.map.retain(|e| e.3 != oldest);
        }
        self.map.push((k.id(), nonce, from, now));
    }
}

fuzz_target!(|input: (u8, Vec<Op>)| {
    let (capacity, ops) = input;
    let capacity = capacity as usize % 9; // 0 means 1
    let mut cache = NonceCache::new(capacity);
    let mut model = Model { capacity: capacity.max(1), clock: 0, map: Vec::new() };
    for op in &ops {
        match *op {
            Op::Get(k) => assert_eq!(cache.get(k.key()).map(String::from), model.get(k), "{op:?}"),
            Op::GetFor(k, o) => {
                let origin = NAMES[o as usize % NAMES.len()];
                let allowed = model.map.iter().find(|e| e.0 == k.id()).is_some_and(|e| e.2.is_none_or(|f| f == origin));
                let want = if allowed { model.get(k) } else { None };
                assert_eq!(cache.get_for(k.key(), origin).map(String::from), want, "{op:?}");
            }
            Op::Set(k, n) => {
                let nonce = format!("n{n}");
                cache.set(k.key(), &nonce);
                model.set(k, nonce, None);
            }
            Op::SetFrom(k, n, from) => {
                let nonce = format!("n{n}");
                let from = from.map(|f| NAMES[f as usize % NAMES.len()]);
                cache.set_from(k.key(), &nonce, from);
                model.set(k, nonce, from);
            }
            Op::Clear => {
                cache.clear();
                model.map.clear();
            }
        }
        assert!(cache.len() <= model.capacity);
        assert_eq!(cache.len(), model.map.len(), "after {op:?}");
        assert_eq!(cache.is_empty(), model.map.is_empty());
    }
    for i in 0..NAMES.len() as u8 {
        for k in [K::Origin(i), K::Id(i)] {
            assert_eq!(cache.get(k.key()).map(String::from), model.get(k));
        }
    }
});
