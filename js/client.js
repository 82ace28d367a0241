// Auth0Client: auth0-spa-js 2.28.3's client with `useDpop`, composed from one module per
// flow — redirect.js (transaction and callback), iframe.js (silent authentication), popup.js,
// message.js (the web_message listener both use), worker.js (refresh tokens kept in a
// worker), revoke.js — over the DPoP engine (engine.js, the wasm core). This file keeps the state: the
// token cache, in-page single-flight, the cross-tab locks, the session cookie and logout.
import { Engine, loadWasm } from './engine.js';
import { CacheKey, InMemoryCache, LocalStorageCache } from './cache.js';
import { GenericError, MissingRefreshTokenError, TimeoutError, call, toPublicError, unsupported } from './errors.js';
import { createFetcher } from './fetcher.js';
import { clearSession, hasSession, setSession } from './cookie.js';
import { VERSION } from './version.js';

const DEFAULT_SCOPE = 'openid profile email';
const DEFAULT_AUDIENCE = 'default';
const CACHE_EXPIRY_ADJUSTMENT = 60; // seconds before expiry at which a cached token is stale
// A tab waiting for a lock gives up only after the holder's own timeout could have fired:
// its longest step (the 10 s token request, the iframe's authorizeTimeoutInSeconds) plus 2 s.
const REFRESH_LOCK_WAIT_MS = 14000; // 2 s settling + 10 s token request + 2 s
const USER_SUFFIX = '@@user@@';
const PROTOCOL_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'sub_jwk', 'cnf', 'sid', 'org_id', 'org_name', '__raw']);
// Methods of auth0-spa-js that dpop-spa does not provide: each rejects with `not_supported`.
const OUT_OF_SCOPE = ['connectAccountWithRedirect', 'exchangeToken', 'loginWithCustomTokenExchange', 'customTokenExchange'];

const now = () => Math.floor(Date.now() / 1000);
const scopes = (...list) => [...new Set(list.filter(Boolean).join(' ').split(/\s+/).filter(Boolean))].join(' ');
const defined = (o) => Object.fromEntries(Object.entries(o || {}).filter(([, v]) => v !== undefined && v !== null));
const withScheme = (d) => (/^https?:\/\//i.test(d) ? d : `https://${d}`).replace(/\/+$/, '');
// The methods fetch() upper-cases; any other stays as given.
// Storage is input: an entry this SDK did not write (another SDK or version, a browser
// extension, a broken write) is treated as absent and removed. A token entry: a non-empty
// string access_token and token_type, a finite expiresAt, optional strings; with useDpop a
// DPoP token must name the key it is bound to (auth0-spa-js's entries do not).
const isStr = (v) => typeof v === 'string';
const isObj = (v) => typeof v === 'object' && !!v;
const validEntry = (w, dpop) => {
  const b = w?.body;
  return isObj(b) && !!b.access_token && isStr(b.access_token) && isStr(b.token_type) && Number.isFinite(w.expiresAt)
    && [b.refresh_token, b.id_token, b.scope].every((v) => v === undefined || isStr(v)) && !(dpop && b.token_type === 'DPoP' && !isStr(b.jkt));
};
const validUser = (e) => isObj(e?.decodedToken?.claims) && isObj(e.decodedToken.user);

const FETCH_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const normalizeMethod = (m) => (FETCH_METHODS.includes(m.toUpperCase()) ? m.toUpperCase() : m);

// A blank popup, opened synchronously inside the caller's click (user activation is spent by
// the first await); it is sent to the authorize URL once that is ready.
function openPopup() {
  const left = window.screenX + (window.innerWidth - 400) / 2;
  const top = window.screenY + (window.innerHeight - 600) / 2;
  return window.open('', 'auth0:authorize:popup', `left=${left},top=${top},width=400,height=600,resizable,scrollbars=yes,status=1`);
}

export class Auth0Client {
  constructor(options) {
    if (!options || typeof options.domain !== 'string' || !options.domain || typeof options.clientId !== 'string' || !options.clientId) {
      throw new GenericError('invalid_configuration', '`domain` and `clientId` are required.');
    }
    const ap = defined(options.authorizationParams);
    this.options = { ...options, authorizationParams: ap };
    this._base = withScheme(options.domain);
    this._origin = new URL(this._base).origin; // where web_message answers come from
    // As auth0-spa-js: an issuer with a scheme is taken as given; a bare host means https://host/.
    this._issuer = options.issuer ? (/^https?:\/\//i.test(options.issuer) ? options.issuer : `https://${options.issuer}/`) : `${this._base}/`;
    this._leeway = options.leeway ?? 60;
    this._scope = scopes('openid', ap.scope ?? DEFAULT_SCOPE, options.useRefreshTokens && 'offline_access');
    this._memory = new InMemoryCache();
    this._cache = options.cache ?? (options.cacheLocation === 'localstorage' ? new LocalStorageCache() : this._memory);
    this._txKey = `a0.spajs.txs.${options.clientId}`;
    // As auth0-spa-js: refresh tokens stay out of the page, in a worker, when they would
    // otherwise live in the page's memory.
    this._useWorker = !!options.useRefreshTokens && this._cache === this._memory && !options.cache && typeof Worker === 'function';
    // Telemetry as auth0-spa-js sends it: `auth0Client` (without `env`) in the authorize and
    // logout URLs, the `Auth0-Client` header on token and revocation requests.
    const { name, version, env } = options.auth0Client ?? { name: 'dpop-spa', version: VERSION };
    this._telemetry = btoa(JSON.stringify({ name, version }));
    this._header = btoa(JSON.stringify({ name, version, env }));
    this._inflight = new Map();
    this._epoch = 0; // bumped by every logout: a token request that started before it is discarded
    for (const m of OUT_OF_SCOPE) this[m] = () => Promise.reject(unsupported(m));
    for (const sub of ['mfa', 'passkey', 'myAccount', 'anonymous']) this[sub] = unsupported.client(sub);
    // A logout in another tab deletes the shared key: forget ours so the next proof loads the new one.
    this._channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`dpop-spa.${options.clientId}`) : undefined;
    this._channel?.unref?.(); // Node (SSR, tests): an open channel would keep the process alive
    if (this._channel) {
      this._channel.onmessage = async (e) => {
        if (e.data !== 'logout') return;
        this._end();
        this._wasm?.forget();
        // A token request of this tab answered before this message may have written its
        // tokens back after the other tab had cleared the shared storage: remove them here.
        if (this._cache !== this._memory) {
          for (const k of await this._keysOf(this._cache)) await this._cache.remove(k);
          clearSession(this.options);
        }
        // Tokens this tab kept in memory (or its worker) are bound to the deleted key.
        for (const k of await this._keysOf(this._memory)) this._memory.remove(k);
        (await this._workerP)?.clear();
      };
    }
  }

  async _engine() {
    await loadWasm();
    return (this._wasm ??= new Engine(this.options.clientId, this._base, this.options.dpopClockOffset === false));
  }

  async _dpop() {
    if (!this.options.useDpop) throw new GenericError('dpop_disabled', '`useDpop` option must be enabled before using DPoP.');
    return this._engine();
  }

  // The token worker, started on first use; without one (it could not start) the page sends.
  async _worker() {
    if (!this._useWorker) return undefined;
    if (!this._workerP) {
      this._workerP = import('./worker.js').then(({ TokenWorker }) => new TokenWorker(this._base, this.options.workerUrl)).catch(() => {
        this._useWorker = false;
        return undefined;
      });
    }
    return this._workerP;
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

  // The cache's audience and scope of a request with `authorizationParams`.
  _audienceScope(authorizationParams) {
    const audience = defined(authorizationParams).audience || this.options.authorizationParams.audience || DEFAULT_AUDIENCE;
    return [audience, scopes(this._scope, authorizationParams?.scope)];
  }

  // The entry with the user and the ID token claims.
  _userKey() {
    return this._key(undefined, undefined, USER_SUFFIX);
  }

  // ---------------------------------------------------------------- authorization requests

  // An authorization request: the URL and the transaction to finish it with.
  async _authorize(authorizationParams, responseMode, extra) {
    const engine = await this._engine();
    const ap = { ...this.options.authorizationParams, ...defined(authorizationParams), ...extra };
    const [audience, scope] = this._audienceScope(authorizationParams);
    const params = { client_id: this.options.clientId, ...ap, scope, auth0Client: this._telemetry };
    const a = await engine.authorize(`${this._base}/authorize`, params, !!this.options.useDpop, responseMode);
    const tx = { state: a.state, nonce: a.nonce, code_verifier: a.code_verifier, scope, audience, redirect_uri: ap.redirect_uri, max_age: ap.max_age };
    return { url: a.url, tx };
  }

  // The same request answered by web_message (iframe and popup); the redirect_uri defaults to
  // the page's origin, as auth0-spa-js's does.
  _webMessageAuthorize(authorizationParams, extra) {
    const redirect_uri = authorizationParams?.redirect_uri ?? this.options.authorizationParams.redirect_uri ?? window.location.origin;
    return this._authorize({ ...authorizationParams, redirect_uri }, 'web_message', extra);
  }

  // The code exchange that ends every authorization request (redirect, popup, iframe).
  async _exchange(tx, code, epoch = this._epoch) {
    const body = defined({
      grant_type: 'authorization_code', client_id: this.options.clientId, code,
      code_verifier: tx.code_verifier, redirect_uri: tx.redirect_uri,
    });
    const maxAge = tx.max_age === undefined ? undefined : Number(tx.max_age);
    const res = await this._tokenRequest(body, tx.audience, tx.scope, tx.nonce, maxAge);
    return this._save(res, tx.audience, tx.scope, epoch);
  }

  // A token request; through the worker when it keeps the refresh tokens (`scope` finds the
  // one to use, a new one is kept under `saveAs` too).
  async _tokenRequest(body, audience, scope, nonce, maxAge, saveAs) {
    const engine = await this._engine();
    const fetcher = (await this._worker())?.fetcher(audience, scope, 'token', saveAs);
    return engine.token(`${this._base}/oauth/token`, body, !!this.options.useDpop, this._issuer, this.options.clientId,
      nonce, this._leeway, maxAge, { 'auth0-client': this._header }, fetcher);
  }

  // A logout, here or in another tab: what is in flight is discarded.
  _end() {
    this._epoch++;
    this._unsaved = undefined;
  }

  // Each flow's code is loaded on first use (redirect.js, popup.js, iframe.js, revoke.js):
  // a page pays only for the flows it runs.
  loginWithRedirect(options = {}) {
    return call(async () => (await import('./redirect.js')).loginWithRedirect(this, options));
  }

  handleRedirectCallback(url = window.location.href) {
    return call(async () => (await import('./redirect.js')).handleRedirectCallback(this, url));
  }

  loginWithPopup(options = {}, config = {}) {
    const popup = config.popup ?? openPopup(); // before any await
    return call(async () => (await import('./popup.js')).loginWithPopup(this, popup, options, config));
  }

  getTokenWithPopup(options = {}, config = {}) {
    const popup = config.popup ?? openPopup();
    return call(async () => (await import('./popup.js')).getTokenWithPopup(this, popup, options, config));
  }

  // ---------------------------------------------------------------- the cache

  async _save(res, audience, scope, epoch) {
    // Before anything that could load (and so create) a key: an answer that lost to a logout
    // leaves nothing behind.
    if (epoch !== this._epoch) throw new GenericError('login_required', 'Logged out during the token request');
    const cache = await this._storeForWrite();
    const gen = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const entry = {
      gen,
      client_id: this.options.clientId, audience, scope: res.scope ? scopes(scope) : scope,
      access_token: res.access_token, token_type: res.token_type, expires_in: res.expires_in,
      refresh_token: res.refresh_token, id_token: res.id_token, oauthTokenScope: res.scope,
    };
    // Which key the token is bound to: a page whose key differs (IndexedDB failed here) must
    // not use it.
    if (this.options.useDpop && res.token_type === 'DPoP') entry.jkt = await (await this._engine()).jkt();
    // A logout while the request was in flight wins: nothing of it is written back.
    if (epoch !== this._epoch) throw new GenericError('login_required', 'Logged out during the token request');
    setSession(this.options); // before the awaits below, so a logout meanwhile removes it
    const writes = [];
    if (res.claims) {
      const user = Object.fromEntries(Object.entries(res.claims).filter(([k]) => !PROTOCOL_CLAIMS.has(k)));
      entry.decodedToken = { claims: res.claims, user };
      writes.push([this._userKey(), { id_token: res.id_token, decodedToken: entry.decodedToken }]);
    }
    const key = this._key(audience, scope);
    writes.push([key, { body: entry, expiresAt: now() + (Number(res.expires_in) || 0) }]);
    if (typeof cache.allKeys !== 'function') {
      // As auth0-spa-js: a cache without allKeys gets a manifest of what we wrote, for logout.
      const m = (await cache.get(this._manifestKey()))?.keys ?? [];
      if (!m.includes(key)) writes.push([this._manifestKey(), { keys: [...m, key] }]);
    }
    await this._write(cache, writes);
    if (cache instanceof LocalStorageCache) await (await this._engine()).setMeta(this._genKey(key), gen);
    return entry;
  }

  // Writes `writes` ([key, value]) to `cache` all or nothing: when one fails (a full quota),
  // the ones before are put back as they were, the new entries are kept in this page (read
  // first, written again by the next getTokenSilently: a rotated refresh token is never lost)
  // and the call fails with `storage_full` (or `storage_error`).
  async _write(cache, writes) {
    const before = [];
    try {
      for (const [k, v] of writes) {
        before.push([k, await cache.get(k)]);
        await cache.set(k, v);
      }
      this._unsaved = undefined;
    } catch (cause) {
      for (const [k, v] of before.reverse()) {
        try { await (v === undefined ? cache.remove(k) : cache.set(k, v)); } catch { /* still full */ }
      }
      this._unsaved = new Map(writes);
      throw Object.assign(new GenericError(cause?.name === 'QuotaExceededError' ? 'storage_full' : 'storage_error', 'The tokens could not be stored'), { cause });
    }
  }

  // A cache entry of this client: what the page holds unsaved, else the cache's if it is
  // valid (`check`); an invalid one is removed.
  async _read(key, check) {
    if (this._unsaved?.has(key)) return this._unsaved.get(key);
    const w = await this._cache.get(key);
    if (w === undefined || check(w)) return w;
    await this._cache.remove(key);
    return undefined;
  }

  // A rotated refresh token replaces the spent one in every entry that held it (an entry
  // found by the scope match would otherwise keep it, and reusing it revokes the grant);
  // `fresh` undefined removes a revoked one.
  async _rotate(spent, fresh) {
    if (!spent || spent === fresh) return;
    const cache = this._cache;
    for (const k of await this._keysOf(cache)) {
      const w = await cache.get(k);
      if (w?.body?.refresh_token !== spent) continue;
      // A new generation, so another tab waits for this copy rather than the spent one.
      const gen = Math.random().toString(36).slice(2) + Date.now().toString(36);
      await cache.set(k, { ...w, body: { ...w.body, refresh_token: fresh, gen } });
      if (cache instanceof LocalStorageCache) await (await this._engine()).setMeta(this._genKey(k), gen);
    }
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
  // Only localStorage is known to be shared; other caches are not waited for.
  async _settled(audience, scope) {
    const cache = this._cache;
    if (!(cache instanceof LocalStorageCache)) return;
    const key = this._key(audience, scope);
    const gen = await (await this._engine()).meta(this._genKey(key));
    for (let waited = 0; gen && waited < 2000; waited += 25) {
      if ((await cache.get(key))?.body?.gen === gen) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  // The entry for `audience` and `scope`: the exact key, else (as auth0-spa-js) an entry of
  // this client and audience whose scopes include all the requested ones.
  async _cached(audience, scope, { fresh }) {
    const cache = this._cache;
    const valid = (w) => validEntry(w, this.options.useDpop);
    let w = await this._read(this._key(audience, scope), valid);
    if (!w && typeof cache.allKeys === 'function') {
      const want = scope.split(' ');
      const key = (await cache.allKeys()).find((k) => {
        const c = CacheKey.fromKey(k);
        const have = new Set((c.scope || '').split(' '));
        return c.prefix === '@@auth0spajs@@' && c.clientId === this.options.clientId && c.audience === audience && c.scope && want.every((x) => have.has(x));
      });
      if (key) w = await this._read(key, valid);
    }
    if (!w) return undefined;
    const loaded = this._wasm?.loadedJkt;
    if (w.body.jkt && loaded && w.body.jkt !== loaded) return undefined; // bound to another key
    return !fresh || w.expiresAt - CACHE_EXPIRY_ADJUSTMENT > now() ? w.body : undefined;
  }

  // ---------------------------------------------------------------- tokens

  async getTokenSilently(options = {}) {
    return call(async () => {
      const { cacheMode = 'on', detailedResponse = false } = options;
      const [audience, scope] = this._audienceScope(options.authorizationParams);
      const key = `${audience}\n${scope}\n${cacheMode}`;
      let pending = this._inflight.get(key);
      if (!pending) {
        pending = this._token(audience, scope, cacheMode, options).finally(() => this._inflight.delete(key));
        this._inflight.set(key, pending);
      }
      const entry = await pending;
      if (!entry) return undefined;
      if (!detailedResponse) return entry.access_token;
      return { access_token: entry.access_token, id_token: entry.id_token, token_type: entry.token_type, expires_in: entry.expires_in, scope: entry.oauthTokenScope ?? entry.scope };
    });
  }

  async _token(audience, scope, cacheMode, options) {
    if (this._unsaved) await this._write(this._cache, [...this._unsaved]);
    if (cacheMode !== 'off') {
      const hit = await this._cached(audience, scope, { fresh: true });
      if (hit || cacheMode === 'cache-only') return hit;
    }
    const epoch = this._epoch;
    if (this.options.useRefreshTokens) {
      try {
        return await this._refresh(audience, scope, cacheMode, epoch);
      } catch (e) {
        // useRefreshTokensFallback: no refresh token, or the server no longer takes it.
        const fallback = e?.error === 'missing_refresh_token' || e?.error === 'invalid_grant';
        if (!this.options.useRefreshTokensFallback || !fallback) throw e;
      }
    }
    return this._silent(audience, scope, cacheMode, options, epoch);
  }

  // Refresh tokens rotate: one refresh at a time across tabs, and re-read the cache once the
  // lock is ours — another tab may have refreshed (and rotated) meanwhile.
  _refresh(audience, scope, cacheMode, epoch) {
    return this._lock('token', REFRESH_LOCK_WAIT_MS, async () => {
      await this._settled(audience, scope);
      if (cacheMode !== 'off') {
        const hit = await this._cached(audience, scope, { fresh: true });
        if (hit) return hit;
      }
      const stale = await this._cached(audience, scope, { fresh: false });
      const worker = await this._worker();
      // In the worker's care the page never sees the refresh token: the worker adds it, or
      // answers missing_refresh_token.
      if (!worker && !stale?.refresh_token) throw new MissingRefreshTokenError(audience, scope);
      const body = defined({ grant_type: 'refresh_token', client_id: this.options.clientId, refresh_token: worker ? undefined : stale.refresh_token });
      const res = await this._tokenRequest(body, audience, stale?.scope ?? scope, undefined, undefined, scope);
      const refresh_token = worker ? undefined : res.refresh_token ?? stale.refresh_token;
      const entry = await this._save({ ...res, refresh_token }, audience, scope, epoch);
      if (!worker) await this._rotate(stale.refresh_token, refresh_token);
      return entry;
    });
  }

  // Silent authentication in a hidden iframe (no refresh token): one at a time per client,
  // across tabs. login_required ends the local session, as auth0-spa-js does.
  _silent(audience, scope, cacheMode, options, epoch) {
    const timeoutMs = (options.timeoutInSeconds ?? this.options.authorizeTimeoutInSeconds ?? 60) * 1000;
    return this._lock('iframe', Math.max(timeoutMs, 10000) + 2000, async () => {
      if (cacheMode !== 'off') {
        const hit = await this._cached(audience, scope, { fresh: true });
        if (hit) return hit;
      }
      try {
        // As auth0-spa-js: a cross-origin isolated page cannot hear the iframe's answer.
        if (window.crossOriginIsolated) throw new GenericError('login_required', 'Login required');
        const { url, tx } = await this._webMessageAuthorize({ ...options.authorizationParams, audience: audience === DEFAULT_AUDIENCE ? undefined : audience, scope }, { prompt: 'none' });
        const { silentAuth } = await import('./iframe.js');
        const r = await silentAuth(url, this._origin, tx.state, timeoutMs);
        return await this._exchange(tx, r.code, epoch);
      } catch (e) {
        // (A logout during the flow already ended the session: not a second time.)
        if (e?.error === 'login_required' && epoch === this._epoch) await this.logout({ openUrl: false });
        throw e;
      }
    });
  }

  async _lock(name, waitMs, f) {
    const locks = globalThis.navigator?.locks;
    if (!locks) {
      // No Web Locks: at least one at a time within the page.
      const run = (this[`_chain${name}`] ?? Promise.resolve()).then(() => f());
      this[`_chain${name}`] = run.catch(() => {});
      return run;
    }
    try {
      return await locks.request(`dpop-spa.${name}.${this.options.clientId}`, { signal: AbortSignal.timeout(waitMs) }, f);
    } catch (e) {
      if (e?.name === 'TimeoutError' && !(e instanceof GenericError)) throw new TimeoutError();
      throw e;
    }
  }

  async checkSession(options) {
    if (!hasSession(this.options)) return; // never signed in here: no network call
    try {
      await this.getTokenSilently(options);
    } catch {
      // As auth0-spa-js: a failed session check leaves the client logged out, never broken.
    }
  }

  async getUser() {
    return (await this._read(this._userKey(), validUser))?.decodedToken.user;
  }

  async getIdTokenClaims() {
    return (await this._read(this._userKey(), validUser))?.decodedToken.claims;
  }

  async isAuthenticated() {
    return !!(await this.getUser());
  }

  getConfiguration() {
    return Object.freeze({ domain: this.options.domain, clientId: this.options.clientId });
  }

  // RFC 7009: revokes the refresh tokens of `audience` and forgets them.
  revokeRefreshToken(options = {}) {
    return call(async () => (await import('./revoke.js')).revokeRefreshToken(this, options));
  }

  async logout(options = {}) {
    return call(async () => {
      const { openUrl, logoutParams = {}, clientId = this.options.clientId } = options;
      this._end();
      // The other tabs first: from now on what they receive writes nothing back (they are
      // told again once the key is deleted, to drop it).
      if (this.options.useDpop) this._channel?.postMessage('logout');
      // Best effort, as auth0-spa-js: whatever fails locally, the server session still ends.
      const cache = this._cache;
      const keys = await this._keysOf(cache);
      for (const k of keys) await cache.remove(k);
      sessionStorage.removeItem(this._txKey);
      clearSession(this.options);
      if (this._workerP) await (await this._workerP)?.clear();
      if (this.options.useDpop) {
        try {
          const engine = await this._engine();
          if (cache instanceof LocalStorageCache) for (const k of keys) await engine.setMeta(this._genKey(k), '');
          await engine.clear();
        } catch { /* no wasm or no IndexedDB here: the local session is gone all the same */ }
        this._channel?.postMessage('logout');
      }
      const q = new URLSearchParams(defined({ client_id: clientId, ...logoutParams, auth0Client: this._telemetry }));
      const url = `${this._base}/v2/logout?${q}`;
      if (openUrl === false) return;
      if (typeof openUrl === 'function') await openUrl(url);
      else window.location.assign(url);
    });
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
    // The fast path (the engine loaded, the same url as last time): no extra awaits, and the
    // url is not parsed again; the engine's own checks still run in the wasm.
    const engine = this.options.useDpop && this._wasm;
    if (engine && typeof method === 'string' && typeof url === 'string' && url === this._proofUrl?.[0]) {
      try {
        return engine.proof(normalizeMethod(method), this._proofUrl[1], nonce, accessToken).catch((e) => { throw toPublicError(e); });
      } catch (e) {
        return Promise.reject(toPublicError(e)); // a check in the wasm throws synchronously
      }
    }
    return call(async () => {
      if (typeof method !== 'string' || typeof url !== 'string' && !(url instanceof URL)) {
        throw new GenericError('invalid_argument', 'generateDpopProof needs a `url` and a `method`.');
      }
      let href; // parsed once (a relative url has no base here)
      try { href = new URL(url).href; } catch { throw new GenericError('invalid_url', 'generateDpopProof needs an absolute `url`.'); }
      if (typeof url === 'string') this._proofUrl = [url, href];
      return (await this._dpop()).proof(normalizeMethod(method), href, nonce, accessToken);
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
