// Auth0Client: the login, token and session flow of auth0-spa-js 2.28.3 with `useDpop`.
// Protocol work (PKCE, authorization URL, token requests with proofs and nonce retries, ID
// token checks) happens in the engine (js/engine.js over the wasm core); this file keeps
// state: the transaction in sessionStorage, the token cache, in-page single-flight and the
// cross-tab refresh lock.
import { Engine, loadWasm } from './engine.js';
import { CacheKey, InMemoryCache, LocalStorageCache } from './cache.js';
import { AuthenticationError, GenericError, MissingRefreshTokenError, TimeoutError, call } from './errors.js';
import { createFetcher } from './fetcher.js';

const DEFAULT_SCOPE = 'openid profile email';
const DEFAULT_AUDIENCE = 'default';
const CACHE_EXPIRY_ADJUSTMENT = 60; // seconds before expiry at which a cached token is stale
const LOCK_TIMEOUT_MS = 5000; // auth0-spa-js waits as long for the getTokenSilently lock
const USER_SUFFIX = '@@user@@';
const PROTOCOL_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'sub_jwk', 'cnf', 'sid', 'org_id', 'org_name', '__raw']);

const now = () => Math.floor(Date.now() / 1000);
const scopes = (...list) => [...new Set(list.filter(Boolean).join(' ').split(/\s+/).filter(Boolean))].join(' ');
const defined = (o) => Object.fromEntries(Object.entries(o || {}).filter(([, v]) => v !== undefined && v !== null));
const withScheme = (d) => (/^https?:\/\//i.test(d) ? d : `https://${d}`).replace(/\/+$/, '');

export class Auth0Client {
  constructor(options) {
    if (!options || typeof options.domain !== 'string' || !options.domain || typeof options.clientId !== 'string' || !options.clientId) {
      throw new GenericError('invalid_configuration', '`domain` and `clientId` are required.');
    }
    const ap = defined(options.authorizationParams);
    this.options = { ...options, authorizationParams: ap };
    this._base = withScheme(options.domain);
    // As auth0-spa-js: an issuer with a scheme is taken as given; a bare host means https://host/.
    this._issuer = options.issuer ? (/^https?:\/\//i.test(options.issuer) ? options.issuer : `https://${options.issuer}/`) : `${this._base}/`;
    this._leeway = options.leeway ?? 60;
    this._scope = scopes('openid', ap.scope ?? DEFAULT_SCOPE, options.useRefreshTokens && 'offline_access');
    this._memory = new InMemoryCache();
    this._cache = options.cache ?? (options.cacheLocation === 'localstorage' ? new LocalStorageCache() : this._memory);
    this._txKey = `a0.spajs.txs.${options.clientId}`;
    this._inflight = new Map();
    // A logout in another tab deletes the shared key: forget ours so the next proof loads the new one.
    this._channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`dpop-spa.${options.clientId}`) : undefined;
    if (this._channel) {
      this._channel.onmessage = async (e) => {
        if (e.data !== 'logout') return;
        this._wasm?.forget();
        // Tokens this tab kept in memory are bound to the deleted key.
        for (const k of await this._keysOf(this._memory)) this._memory.remove(k);
      };
    }
  }

  async _engine() {
    await loadWasm();
    return (this._wasm ??= new Engine(this.options.clientId, this._base));
  }

  async _dpop() {
    if (!this.options.useDpop) throw new GenericError('dpop_disabled', '`useDpop` option must be enabled before using DPoP.');
    return this._engine();
  }

  // Reads use the configured cache: a session check or getUser never loads the wasm or the key.
  async _store() {
    return this._cache;
  }

  // Writes first check the key: with an in-memory key (no IndexedDB) tokens live as long as
  // the key, the page, so they go to (and are then read from) the memory cache.
  async _storeForWrite() {
    if (this.options.useDpop && this._cache !== this._memory && !(await (await this._engine()).isPersistent())) this._cache = this._memory;
    return this._cache;
  }

  _key(audience, scope, suffix) {
    return new CacheKey({ clientId: this.options.clientId, audience, scope }, undefined, suffix).toKey();
  }

  // The entry with the user and the ID token claims.
  _userKey() {
    return this._key(undefined, undefined, USER_SUFFIX);
  }

  // ---------------------------------------------------------------- login

  async loginWithRedirect(options = {}) {
    return call(async () => {
      const engine = await this._engine();
      const ap = { ...this.options.authorizationParams, ...defined(options.authorizationParams) };
      const scope = scopes(this._scope, options.authorizationParams?.scope);
      const params = { client_id: this.options.clientId, ...ap, scope };
      const a = await engine.authorize(`${this._base}/authorize`, params, !!this.options.useDpop);
      sessionStorage.setItem(this._txKey, JSON.stringify({
        state: a.state, nonce: a.nonce, code_verifier: a.code_verifier, appState: options.appState,
        scope, audience: ap.audience || DEFAULT_AUDIENCE, redirect_uri: ap.redirect_uri, max_age: ap.max_age,
      }));
      if (options.openUrl) await options.openUrl(a.url);
      else window.location.assign(a.url);
    });
  }

  async handleRedirectCallback(url = window.location.href) {
    return call(async () => {
      const query = url.split('?').slice(1).join('').split('#')[0];
      if (!query) throw new GenericError('invalid_callback', 'There are no query params available for parsing.');
      // The wasm first: if it cannot load, the transaction is still there for a retry.
      const engine = await this._engine();
      const raw = sessionStorage.getItem(this._txKey);
      if (!raw) throw new GenericError('missing_transaction', 'Invalid state');
      sessionStorage.removeItem(this._txKey); // single use, whatever happens next
      let tx;
      try { tx = JSON.parse(raw); } catch { tx = undefined; }
      if (!tx || typeof tx !== 'object') throw new GenericError('missing_transaction', 'Invalid state');
      const p = new URLSearchParams(query);
      const state = p.get('state') ?? undefined;
      if (p.get('error')) {
        throw new AuthenticationError(p.get('error'), p.get('error_description') || p.get('error'), state, tx.appState);
      }
      if (!tx.code_verifier || tx.state !== state || !p.get('code')) {
        throw new AuthenticationError('state_mismatch', 'Invalid state', state, tx.appState);
      }
      const body = defined({
        grant_type: 'authorization_code', client_id: this.options.clientId, code: p.get('code'),
        code_verifier: tx.code_verifier, redirect_uri: tx.redirect_uri,
      });
      const maxAge = tx.max_age === undefined ? undefined : Number(tx.max_age);
      const res = await engine.token(`${this._base}/oauth/token`, body, !!this.options.useDpop,
        this._issuer, this.options.clientId, tx.nonce, this._leeway, maxAge);
      await this._save(res, tx.audience, tx.scope);
      return { appState: tx.appState, response_type: 'code' };
    });
  }

  async _save(res, audience, scope) {
    const cache = await this._storeForWrite();
    const gen = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const entry = {
      gen,
      client_id: this.options.clientId, audience, scope: res.scope ? scopes(scope) : scope,
      access_token: res.access_token, token_type: res.token_type, expires_in: res.expires_in,
      refresh_token: res.refresh_token, id_token: res.id_token, oauthTokenScope: res.scope,
    };
    if (res.claims) {
      const user = Object.fromEntries(Object.entries(res.claims).filter(([k]) => !PROTOCOL_CLAIMS.has(k)));
      entry.decodedToken = { claims: res.claims, user };
      await cache.set(this._userKey(), { id_token: res.id_token, decodedToken: entry.decodedToken });
    }
    // Which key the token is bound to: a page whose key differs (IndexedDB failed here) must
    // not use it.
    if (this.options.useDpop && res.token_type === 'DPoP') entry.jkt = await (await this._engine()).jkt();
    const key = this._key(audience, scope);
    await cache.set(key, { body: entry, expiresAt: now() + (Number(res.expires_in) || 0) });
    if (typeof cache.allKeys !== 'function') {
      // As auth0-spa-js: a cache without allKeys gets a manifest of what we wrote, for logout.
      const m = (await cache.get(this._manifestKey()))?.keys ?? [];
      if (!m.includes(key)) await cache.set(this._manifestKey(), { keys: [...m, key] });
    }
    if (cache !== this._memory) await (await this._engine()).setMeta(this._genKey(key), gen);
    return entry;
  }

  _genKey(cacheKey) {
    return `gen::${cacheKey}`;
  }

  _manifestKey() {
    return `@@auth0spajs@@::${this.options.clientId}::@@manifest@@`;
  }

  // This client's entries in `cache`.
  async _keysOf(cache) {
    if (typeof cache.allKeys !== 'function') {
      const m = (await cache.get(this._manifestKey()))?.keys ?? [];
      return [...m, this._userKey(), this._manifestKey()];
    }
    return (await cache.allKeys()).filter((k) => CacheKey.fromKey(k).clientId === this.options.clientId);
  }

  // Tabs share localStorage, but a write in one tab reaches the others a little later. The
  // generation of the newest entry is also kept in IndexedDB, which is consistent across tabs:
  // wait (briefly) until the cache shows it, so no tab refreshes with a rotated refresh token.
  async _settled(audience, scope) {
    const cache = this._cache;
    if (cache === this._memory) return;
    const key = this._key(audience, scope);
    const gen = await (await this._engine()).meta(this._genKey(key));
    for (let waited = 0; gen && waited < 2000; waited += 25) {
      if ((await cache.get(key))?.body?.gen === gen) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  // ---------------------------------------------------------------- tokens

  async getTokenSilently(options = {}) {
    return call(async () => {
      const { cacheMode = 'on', detailedResponse = false } = options;
      const ap = { ...this.options.authorizationParams, ...defined(options.authorizationParams) };
      const audience = ap.audience || DEFAULT_AUDIENCE;
      const scope = scopes(this._scope, options.authorizationParams?.scope);
      const key = `${audience}\n${scope}\n${cacheMode}`;
      let pending = this._inflight.get(key);
      if (!pending) {
        pending = this._token(audience, scope, cacheMode).finally(() => this._inflight.delete(key));
        this._inflight.set(key, pending);
      }
      const entry = await pending;
      if (!entry) return undefined;
      if (!detailedResponse) return entry.access_token;
      return { access_token: entry.access_token, id_token: entry.id_token, token_type: entry.token_type, expires_in: entry.expires_in, scope: entry.oauthTokenScope ?? entry.scope };
    });
  }

  // The entry for `audience` and `scope`: the exact key, else (as auth0-spa-js) an entry of
  // this client and audience whose scopes include all the requested ones.
  async _cached(audience, scope, { fresh }) {
    const cache = await this._store();
    let w = await cache.get(this._key(audience, scope));
    if (!w?.body && typeof cache.allKeys === 'function') {
      const want = scope.split(' ');
      const key = (await cache.allKeys()).find((k) => {
        const c = CacheKey.fromKey(k);
        const have = new Set((c.scope || '').split(' '));
        return c.prefix === '@@auth0spajs@@' && c.clientId === this.options.clientId && c.audience === audience && c.scope && want.every((x) => have.has(x));
      });
      if (key) w = await cache.get(key);
    }
    if (!w?.body) return undefined;
    const loaded = this._wasm?.loadedJkt;
    if (w.body.jkt && loaded && w.body.jkt !== loaded) return undefined; // bound to another key
    return !fresh || w.expiresAt - CACHE_EXPIRY_ADJUSTMENT > now() ? w.body : undefined;
  }

  async _token(audience, scope, cacheMode) {
    if (cacheMode !== 'off') {
      const hit = await this._cached(audience, scope, { fresh: true });
      if (hit || cacheMode === 'cache-only') return hit;
    }
    // Refresh tokens rotate: one refresh at a time across tabs, and re-read the cache once
    // the lock is ours — another tab may have refreshed (and rotated) meanwhile.
    return this._lock(async () => {
      await this._settled(audience, scope);
      if (cacheMode !== 'off') {
        const hit = await this._cached(audience, scope, { fresh: true });
        if (hit) return hit;
      }
      if (!this.options.useRefreshTokens) throw new GenericError('login_required', 'Login required');
      const stale = await this._cached(audience, scope, { fresh: false });
      if (!stale?.refresh_token) throw new MissingRefreshTokenError(audience, scope);
      const engine = await this._engine();
      const body = defined({ grant_type: 'refresh_token', client_id: this.options.clientId, refresh_token: stale.refresh_token });
      const res = await engine.token(`${this._base}/oauth/token`, body, !!this.options.useDpop,
        this._issuer, this.options.clientId, undefined, this._leeway, undefined);
      return this._save({ ...res, refresh_token: res.refresh_token ?? stale.refresh_token }, audience, scope);
    });
  }

  async _lock(f) {
    const locks = globalThis.navigator?.locks;
    if (!locks) {
      // No Web Locks: at least one refresh at a time within the page.
      const run = (this._chain ?? Promise.resolve()).then(() => f());
      this._chain = run.catch(() => {});
      return run;
    }
    try {
      return await locks.request(`dpop-spa.token.${this.options.clientId}`, { signal: AbortSignal.timeout(LOCK_TIMEOUT_MS) }, f);
    } catch (e) {
      if (e?.name === 'TimeoutError' && !(e instanceof GenericError)) throw new TimeoutError();
      throw e;
    }
  }

  async checkSession(options) {
    const user = await (await this._store()).get(this._userKey());
    if (!user) return; // no session: no network call
    try {
      await this.getTokenSilently(options);
    } catch {
      // As auth0-spa-js: a failed session check leaves the client logged out, never broken.
    }
  }

  async getUser() {
    const e = await (await this._store()).get(this._userKey());
    return e?.decodedToken?.user;
  }

  async getIdTokenClaims() {
    const e = await (await this._store()).get(this._userKey());
    return e?.decodedToken?.claims;
  }

  async isAuthenticated() {
    return !!(await this.getUser());
  }

  async logout(options = {}) {
    return call(async () => {
      const { openUrl, logoutParams = {}, clientId = this.options.clientId } = options;
      // Best effort, as auth0-spa-js: whatever fails locally, the server session still ends.
      const cache = this._cache;
      const keys = await this._keysOf(cache);
      for (const k of keys) await cache.remove(k);
      sessionStorage.removeItem(this._txKey);
      if (this.options.useDpop) {
        try {
          const engine = await this._engine();
          if (cache !== this._memory) for (const k of keys) await engine.setMeta(this._genKey(k), '');
          await engine.clear();
        } catch { /* no wasm or no IndexedDB here: the local session is gone all the same */ }
        this._channel?.postMessage('logout');
      }
      const q = new URLSearchParams(defined({ client_id: clientId, ...logoutParams }));
      const url = `${this._base}/v2/logout?${q}`;
      if (openUrl === false) return;
      if (typeof openUrl === 'function') await openUrl(url);
      else window.location.assign(url);
    });
  }

  loginWithPopup() {
    return Promise.reject(new GenericError('not_supported', 'loginWithPopup is not supported by dpop-spa yet; use loginWithRedirect.'));
  }

  getTokenWithPopup() {
    return Promise.reject(new GenericError('not_supported', 'getTokenWithPopup is not supported by dpop-spa yet; use getTokenSilently.'));
  }

  // ---------------------------------------------------------------- DPoP

  /** Latest DPoP nonce for `id`, or the authorization server's. */
  getDpopNonce(id) {
    return call(async () => (await this._dpop()).nonce(id));
  }

  /** Sets the nonce that `id`'s (or the authorization server's) next proof uses. */
  setDpopNonce(nonce, id) {
    return call(async () => {
      const engine = await this._dpop();
      if (typeof nonce !== 'string') throw new GenericError('invalid_nonce', 'Expected a DPoP nonce (RFC 9449 section 8.1)');
      return engine.setNonce(nonce, id);
    });
  }

  /** A DPoP proof for `url` and `method`; `nonce` and `ath` only when given. */
  generateDpopProof({ url, method, nonce, accessToken } = {}) {
    return call(async () => {
      if (typeof method !== 'string' || typeof url !== 'string' && !(url instanceof URL)) {
        throw new GenericError('invalid_argument', 'generateDpopProof needs a `url` and a `method`.');
      }
      const engine = this.options.useDpop && this._wasm ? this._wasm : await this._dpop();
      return engine.proof(method, new URL(url).href, nonce, accessToken);
    });
  }

  /** The RFC 7638 thumbprint of the DPoP public key (what `dpop_jkt` carries). */
  getDpopThumbprint() {
    return call(async () => (await this._dpop()).jkt());
  }

  createFetcher(config = {}) {
    return createFetcher(this, config);
  }
}

export async function createAuth0Client(options) {
  const client = new Auth0Client(options);
  await client.checkSession();
  return client;
}
