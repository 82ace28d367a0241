//! Nonce bookkeeping (RFC 9449 §8, §9). A nonce belongs to the server that issued it, so the
//! cache is keyed by origin; auth0-spa-js's `dpopNonceId` names are kept in the same bounded
//! cache under their own namespace, and so are the servers' clock offsets ([`super::clock`]
//! has their rules; one table keeps the wasm small). Least recently used entries go first.
//!
//! ```
//! use dpop_spa::core::nonce::{NonceCache, NonceKey};
//! let mut c = NonceCache::new(2);
//! c.set(NonceKey::Origin("https://api.example"), "n1");
//! assert_eq!(c.get(NonceKey::Origin("https://api.example")), Some("n1"));
//! assert_eq!(c.get(NonceKey::Id("api")), None);
//! ```

use super::clock::Source;
use alloc::string::String;
use alloc::vec::Vec;
/// Default bound, as in oauth4webapi.
pub const DEFAULT_CAPACITY: usize = 100;

/// Where a nonce is filed.
#[derive(Clone, Copy, Debug)]
pub enum NonceKey<'a> {
    /// A server origin, `scheme://host[:port]`.
    Origin(&'a str),
    /// A caller-chosen `dpopNonceId`.
    Id(&'a str),
    /// A server origin's clock offset (never a nonce: [`NonceCache::offset`]).
    Clock(&'a str),
}

impl NonceKey<'_> {
    fn parts(&self) -> (char, &str) {
        match self {
            NonceKey::Origin(o) => ('o', o),
            NonceKey::Id(i) => ('i', i),
            NonceKey::Clock(o) => ('c', o),
        }
    }
    fn matches(&self, stored: &str) -> bool {
        let (tag, name) = self.parts();
        stored.strip_prefix(tag) == Some(name)
    }
    fn encode(&self) -> String {
        let (tag, name) = self.parts();
        let mut s = String::with_capacity(name.len() + 1);
        s.push(tag);
        s.push_str(name);
        s
    }
}

/// One cached nonce: the key it is filed under, the nonce, and the origin that sent it
/// (`None` when set by hand); or, under a [`NonceKey::Clock`] key, a clock offset (seconds)
/// and its source (the nonce empty).
#[derive(Debug)]
struct Entry {
    key: String,
    nonce: String,
    from: Option<String>,
    offset: f64,
    source: Source,
}

/// A bounded LRU map from [`NonceKey`] to the latest nonce (most recent last).
#[derive(Debug)]
pub struct NonceCache {
    entries: Vec<Entry>,
    capacity: usize,
}

impl Default for NonceCache {
    fn default() -> Self {
        NonceCache::new(DEFAULT_CAPACITY)
    }
}

impl NonceCache {
    /// An empty cache holding at most `capacity` (≥ 1) entries.
    pub fn new(capacity: usize) -> Self {
        NonceCache { entries: Vec::new(), capacity: capacity.max(1) }
    }

    /// The latest nonce for `key`, marking it recently used.
    pub fn get(&mut self, key: NonceKey<'_>) -> Option<&str> {
        let i = self.entries.iter().position(|e| key.matches(&e.key))?;
        let e = self.entries.remove(i);
        self.entries.push(e);
        self.entries.last().map(|e| e.nonce.as_str())
    }

    /// The latest nonce for `key` if it may be sent to `origin`: it came from that origin, or
    /// was set by hand. (One `dpopNonceId` used against two servers must not mix their nonces.)
    pub fn get_for(&mut self, key: NonceKey<'_>, origin: &str) -> Option<&str> {
        let i = self.entries.iter().position(|e| key.matches(&e.key))?;
        if self.entries.get(i)?.from.as_deref().is_some_and(|f| f != origin) {
            return None;
        }
        self.get(key)
    }

    /// Records `nonce` as the latest for `key` (set by hand), evicting the least recently used
    /// entry when full.
    pub fn set(&mut self, key: NonceKey<'_>, nonce: &str) {
        self.set_from(key, nonce, None);
    }

    /// Records `nonce` for `key`, as sent by the server at `from`.
    pub fn set_from(&mut self, key: NonceKey<'_>, nonce: &str, from: Option<&str>) {
        if let Some(i) = self.entries.iter().position(|e| key.matches(&e.key)) {
            self.entries.remove(i);
        } else if self.entries.len() >= self.capacity {
            self.entries.remove(0);
        }
        self.entries.push(Entry { key: key.encode(), nonce: nonce.into(), from: from.map(Into::into), offset: 0.0, source: Source::IdToken });
    }

    /// The clock offset recorded for `origin`, and its source.
    pub fn offset(&self, origin: &str) -> Option<(f64, Source)> {
        let key = NonceKey::Clock(origin);
        self.entries.iter().find(|e| key.matches(&e.key)).map(|e| (e.offset, e.source))
    }

    /// Records a clock `offset` for `origin` from `source` (replacing what was there).
    pub fn set_offset(&mut self, origin: &str, offset: f64, source: Source) {
        self.set_from(NonceKey::Clock(origin), "", None);
        if let Some(e) = self.entries.last_mut() {
            e.offset = offset;
            e.source = source;
        }
    }

    /// Forgets every nonce (logout).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Number of entries held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
