// Token caches with auth0-spa-js's interface (get/set/remove/allKeys) and key format.
export const CACHE_KEY_PREFIX = '@@auth0spajs@@';

export class CacheKey {
  constructor(data, prefix = CACHE_KEY_PREFIX, suffix) {
    this.clientId = data.clientId;
    this.scope = data.scope;
    this.audience = data.audience;
    this.prefix = prefix;
    this.suffix = suffix;
  }
  toKey() {
    return [this.prefix, this.clientId, this.audience, this.scope, this.suffix].filter(Boolean).join('::');
  }
  static fromKey(key) {
    const [prefix, clientId, audience, scope] = key.split('::');
    return new CacheKey({ clientId, scope, audience }, prefix);
  }
  static fromCacheEntry(entry) {
    return new CacheKey({ scope: entry.scope, audience: entry.audience, clientId: entry.client_id });
  }
}

export class InMemoryCache {
  constructor() {
    const store = new Map();
    this.enclosedCache = {
      set: (key, entry) => { store.set(key, entry); },
      get: (key) => store.get(key),
      remove: (key) => { store.delete(key); },
      allKeys: () => [...store.keys()],
    };
  }
  set(key, entry) { return this.enclosedCache.set(key, entry); }
  get(key) { return this.enclosedCache.get(key); }
  remove(key) { return this.enclosedCache.remove(key); }
  allKeys() { return this.enclosedCache.allKeys(); }
}

export class LocalStorageCache {
  set(key, entry) { localStorage.setItem(key, JSON.stringify(entry)); }
  get(key) {
    const json = localStorage.getItem(key);
    if (!json) return undefined;
    try { return JSON.parse(json); } catch { localStorage.removeItem(key); return undefined; } // not JSON: garbage, removed
  }
  remove(key) { localStorage.removeItem(key); }
  allKeys() { return Object.keys(localStorage).filter((k) => k.startsWith(CACHE_KEY_PREFIX)); }
}
