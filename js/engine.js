// The DPoP engine of one client: the browser I/O around the wasm core, awaited here.
// Every protocol decision is a call into the wasm (proof claims, htu, nonce bookkeeping, the
// WWW-Authenticate parser and retry policy, token_type and the ID token checks) and WebCrypto
// runs through web-sys in the wasm; this file only awaits the promises and moves bytes, and
// builds the authorization URL with the browser's URLSearchParams. (Rust futures would cost
// ~20 KB gzip of state machines.)
import * as wasm from './dpop_spa.js';
import { GenericError, MfaRequiredError, TimeoutError } from './errors.js';

// A wasm instance is poisoned when an import throws or the instance traps in the middle of an
// export: the shadow stack is not unwound. `guard` runs a wasm call and, on any error that is not one
// of the core's coded errors, replaces the instance with a fresh one from the same compiled
// module (each client's nonce state is made anew on its next use, see Engine#core) and tries once more.
let generation = 0;
function guard(f) {
  try {
    return f();
  } catch (e) {
    if (typeof e?.code === 'string') throw e;
    const module = wasm.__wbg_reset();
    if (!module) throw e;
    wasm.initSync({ module });
    generation++;
    return f();
  }
}

let loading;
// Loads the wasm once per page: first the file beside index.js (new URL(..., import.meta.url),
// which Vite and webpack copy); when that fails (a bundler that leaves the asset behind, such
// as Angular's builder, esbuild or Rollup; a dev server answering it with index.html), from
// ./wasm-inline.js, which carries the same bytes as base64 and which bundlers with code
// splitting fetch only then. The module is compiled here and instantiated by the glue's
// initSync (its own async loader, with its MIME-type fallback and warnings, is left out of the
// bundle). When both fail (no WebAssembly; a CSP without 'wasm-unsafe-eval') it is a coded
// error, and the next call tries again.
export const loadWasm = () => (loading ??= (async () => {
  let module;
  try {
    const res = await fetch(new URL('dpop_spa_bg.wasm', import.meta.url));
    if (!res.ok) throw 0;
    module = await WebAssembly.compile(await res.arrayBuffer());
  } catch {
    module = await WebAssembly.compile((await import('./wasm-inline.js')).bytes());
  }
  wasm.initSync({ module });
})().catch((e) => {
  loading = undefined;
  throw coded('wasm_unavailable', "Could not load dpop_spa_bg.wasm: no WebAssembly, or a CSP without 'wasm-unsafe-eval'", e);
}));

const DB = 'dpop-spa';
const DB_VERSION = 2; // 1: store `keys` (key pairs by clientId); 2: store `meta` (strings tabs share)
const TOKEN_TIMEOUT_MS = 10000; // auth0-spa-js's httpTimeoutInSeconds
const str = (v) => (typeof v === 'string' ? v : undefined);
const coded = (code, message, cause) => Object.assign(code === 'timeout' ? new TimeoutError() : new GenericError(code, message), cause === undefined ? {} : { cause });

// ---------------------------------------------------------------- IndexedDB

const request = (r) => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

// Opens the database, or rejects when IndexedDB is missing, throws, fails or is blocked
// (browser policy, older Firefox private windows, sandboxed frames).
function openDb() {
  return new Promise((resolve, reject) => {
    const factory = globalThis.indexedDB;
    if (!factory) throw new DOMException('indexedDB is not available', 'NotSupportedError');
    const r = factory.open(DB, DB_VERSION);
    // One step per version; each checks objectStoreNames, so a database left at an older
    // version by anything is healed too.
    r.onupgradeneeded = () => {
      for (const store of ['keys', 'meta']) if (!r.result.objectStoreNames.contains(store)) r.result.createObjectStore(store);
    };
    let settled = false;
    r.onsuccess = () => {
      if (settled) return r.result.close(); // opened after we gave up on it (blocked)
      settled = true;
      r.result.onversionchange = () => r.result.close();
      resolve(r.result);
    };
    r.onerror = () => { settled = true; reject(r.error); };
    r.onblocked = () => { settled = true; reject(new DOMException('IndexedDB open blocked', 'InvalidStateError')); };
  });
}

async function withStore(name, mode, f) {
  const db = await openDb();
  try {
    return await request(f(db.transaction(name, mode).objectStore(name)));
  } finally {
    db.close();
  }
}

// A stored key pair is used only when it is what we create: ECDSA P-256, the private key not
// extractable and able to sign. Anything else (another library's record, a tampered one) is
// replaced.
const isKey = (k, type) => k instanceof CryptoKey && k.type === type && k.algorithm?.name === 'ECDSA' && k.algorithm.namedCurve === 'P-256';
const isPair = (v) => !!v && isKey(v.privateKey, 'private') && !v.privateKey.extractable && v.privateKey.usages.includes('sign') && isKey(v.publicKey, 'public');

// The stored key pair of `clientId`, created if missing. The check and the write happen in
// one readwrite transaction (transactions on a store run one at a time, across tabs too), so
// when several tabs create a key at the same moment the first write wins and the others keep
// its key; a broken record is replaced. It resolves once the transaction has committed.
async function storedPair(clientId) {
  const found = await withStore('keys', 'readonly', (s) => s.get(clientId));
  if (isPair(found)) return found;
  const fresh = await guard(() => wasm.generateKeyPair());
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction('keys', 'readwrite');
      const store = tx.objectStore('keys');
      let kept = fresh;
      const get = store.get(clientId);
      get.onsuccess = () => {
        if (isPair(get.result)) kept = get.result;
        else store.put(fresh, clientId);
      };
      tx.oncomplete = () => resolve(kept);
      tx.onabort = () => reject(tx.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
    });
  } finally {
    db.close();
  }
}

// base64url without padding: the browser's own encoder where there is one (Uint8Array
// toBase64: Chromium 140, Firefox 133, Safari 18.2), else btoa.
const b64url = (bytes) => {
  const u = new Uint8Array(bytes);
  return u.toBase64 ? u.toBase64({ alphabet: 'base64url', omitPadding: true }) : btoa(String.fromCharCode(...u)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
};
const sha256b64 = async (text) => b64url(await guard(() => wasm.sha256(text)));

let warned = false;
async function loadKey(clientId) {
  let pair;
  let persistent = true;
  try {
    pair = await storedPair(clientId);
  } catch (cause) {
    if (cause?.code === 'crypto_error') throw cause; // WebCrypto, not storage
    // Any storage failure falls back to a key that lives as long as the page.
    if (!warned) {
      warned = true;
      console.warn('[dpop-spa] idb_unavailable: IndexedDB cannot be used, so the DPoP key lives in memory for this page only.', cause);
    }
    pair = await guard(() => wasm.generateKeyPair());
    persistent = false;
  }
  const { x, y } = await guard(() => wasm.exportJwk(pair.publicKey));
  const [header, thumbprintInput] = guard(() => wasm.keyHeader(String(x), String(y)));
  const jkt = await sha256b64(thumbprintInput);
  return { privateKey: pair.privateKey, header, jkt, persistent };
}

// The ID token's claims, checked by the wasm (OIDC Core §3.1.3.7), with `__raw` as
// auth0-spa-js's getIdTokenClaims returns them. Only the decoding is done here: three parts,
// header and payload base64url of UTF-8 JSON objects, parsed by the browser's JSON.
function idTokenClaims(core, raw, iss, aud, nonce, leeway, maxAge) {
  const parts = raw.split('.');
  let h, c;
  try {
    if (parts.length !== 3 || !parts[2]) throw 0;
    [h, c] = parts.slice(0, 2).map((p) => {
      if (!/^[\w-]*$/.test(p)) throw 0;
      const v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(p.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))));
      if (typeof v !== 'object' || !v) throw 0;
      return v;
    });
  } catch {
    throw Object.assign(new Error('ID token could not be decoded'), { code: 'invalid_id_token' });
  }
  guard(() => wasm.checkIdToken(core, h.alg, c.iss, c.sub, c.aud, c.azp, c.exp, c.iat, c.nbf, c.nonce, c.auth_time, iss, aud, nonce, leeway, maxAge));
  c.__raw = raw;
  return c;
}

// ---------------------------------------------------------------- fetch

// Header `name` of a response whose headers are a Headers-like object with `get`, a
// `[name, value][]` list or a plain record — the shapes auth0-spa-js accepts.
function header(res, name) {
  const h = res?.headers;
  if (!h) return undefined;
  const pick = (entries) => entries.find(([k]) => String(k).toLowerCase() === name)?.[1];
  const v = Array.isArray(h) ? pick(h) : typeof h.get === 'function' ? h.get(name) : pick(Object.entries(h));
  return v == null ? undefined : String(v);
}

export class Engine {
  constructor(clientId, domain, noClock) {
    this.clientId = clientId;
    this.domain = domain;
    this.noClock = !!noClock; // the dpopClockOffset: false option
    this._key = undefined; // Promise of the key material: one load at a time
    this._ath = undefined; // [token, ath] of the last token hashed
  }

  // The key material, loaded or created on first use; concurrent first calls share one
  // load; a failed load is retried by the next call; a call during clear() waits for it.
  key() {
    if (this._clearing) return this._clearing.then(() => this.key());
    if (!this._key) {
      const p = loadKey(this.clientId).then((k) => {
        if (this._key === p) [this.loaded, this.loadedJkt] = [k, k.jkt];
        return k;
      });
      p.catch(() => { if (this._key === p) this._key = undefined; });
      this._key = p;
    }
    return this._key;
  }

  // This client's nonce state in the current wasm instance (a fresh instance starts with none).
  get core() {
    if (this._gen !== generation) {
      this._core = wasm.coreNew(this.domain, this.noClock); // a handle into the instance's table of clients
      this._gen = generation;
    }
    return this._core;
  }

  async jkt() { return (await this.key()).jkt; }
  async isPersistent() { return (await this.key()).persistent; }

  nonce(id) { return guard(() => wasm.nonce(this.core, id)); }
  setNonce(nonce, id) { guard(() => wasm.setNonce(this.core, nonce, id)); }

  async _athOf(token) {
    guard(() => wasm.checkAccessToken(token));
    if (this._ath?.[0] !== token) this._ath = [token, await sha256b64(token)];
    return this._ath[1];
  }

  // A fresh proof (new jti, iat now) for `method` and `url`, with `nonce`, and `ath` when an
  // access token is presented. With the key loaded and the token's ath known, the only wait
  // is WebCrypto's signature.
  proof(method, url, nonce, accessToken) {
    const key = this.loaded;
    const noToken = accessToken === undefined || accessToken === null;
    if (key && !this._clearing && (noToken || this._ath?.[0] === accessToken)) {
      return this._sign(key, method, url, nonce, noToken ? undefined : this._ath[1]);
    }
    return (async () => {
      const ath = noToken ? undefined : await this._athOf(accessToken);
      return this._sign(await this.key(), method, url, nonce, ath);
    })();
  }

  _sign(key, method, url, nonce, ath) {
    const [input, signature] = guard(() => wasm.signProof(this.core, key.privateKey, key.header, method, url, nonce ?? undefined, ath));
    // The compact JWS; WebCrypto's ECDSA signature is already JWS's raw r||s.
    return signature.then((s) => `${input}.${b64url(s)}`);
  }

  // Sends `req` (token: `DPoP` scheme and a proof when `dpop`, else `Bearer`; no token: a
  // token request with a proof only), retrying once on use_dpop_nonce with a fresh proof.
  // The body is buffered once, so every attempt carries the same bytes, whatever it was.
  async send(req, token, dpop, nonceId, customFetch, tokenEndpoint, form) {
    const [, origin] = guard(() => wasm.prepare(this.core, req.url, nonceId));
    if (token != null) guard(() => wasm.checkAccessToken(token));
    let init = {};
    if (req.body) {
      try {
        init = { body: await req.clone().arrayBuffer() };
      } catch (e) {
        // WebKit cannot read a FormData body that holds a Blob back into bytes ("Unable to
        // read form data blob"): each attempt then sends the caller's FormData again (same
        // fields, a new multipart boundary, its own Content-Type).
        if (!form) throw coded('body_error', 'The request body could not be read', e);
        const headers = new Headers(req.headers);
        headers.delete('content-type');
        init = { body: form, headers };
      }
      // A Request made with an init loses its referrer unless the init names it again.
      Object.assign(init, { referrer: req.referrer, referrerPolicy: req.referrerPolicy });
    }
    const doFetch = customFetch ?? ((r) => globalThis.fetch(r));
    let htu, nonce, offset;
    for (let attempt = 0; ; attempt++) {
      const r = new Request(req.clone(), init);
      if (token != null) r.headers.set('authorization', `${dpop ? 'DPoP' : 'Bearer'} ${token}`);
      if (dpop) {
        // The nonce and the clock offset as of this attempt.
        [htu, , nonce, offset] = guard(() => wasm.prepare(this.core, req.url, nonceId));
        r.headers.set('dpop', await this.proof(req.method, htu, nonce, token));
      }
      let res;
      try {
        res = await doFetch(r);
      } catch (e) {
        if (typeof e?.error === 'string') throw e; // the token worker's coded answers
        throw e?.name === 'TimeoutError' ? coded('timeout', 'Timeout', e) : coded('fetch_error', 'The request could not be sent', e);
      }
      if (!dpop) return res;
      let bodyError;
      let bodyDescription;
      if (tokenEndpoint && res.status === 400 && typeof res.clone === 'function') {
        const json = await res.clone().json().catch(() => ({}));
        [bodyError, bodyDescription] = [str(json?.error), str(json?.error_description)];
      }
      const www = res.status === 401 ? header(res, 'www-authenticate') : undefined;
      const date = Date.parse(header(res, 'date')); // NaN when absent (CORS hides it unless exposed)
      if (!guard(() => wasm.judge(this.core, origin, nonceId, attempt, res.status, header(res, 'dpop-nonce'), www, bodyError, bodyDescription, date, offset))) return res;
    }
  }

  // Starts an authorization request: fresh state, OIDC nonce and PKCE verifier, the S256
  // challenge, and dpop_jkt when the key is persistent (an in-memory key would not survive
  // the redirect).
  async authorize(endpoint, params, useDpop, responseMode = 'query') {
    const random = () => b64url(crypto.getRandomValues(new Uint8Array(32))); // 256 bits each
    const [state, nonce, verifier] = [random(), random(), random()];
    const challenge = await sha256b64(verifier);
    const key = useDpop ? await this.key() : undefined;
    const jkt = key?.persistent ? key.jkt : undefined;
    // The caller's parameters (undefined ones dropped), then the protocol's own, which win.
    // URLSearchParams is the WHATWG form encoding the server decodes: no encoder in the wasm.
    const ours = { response_type: 'code', response_mode: responseMode, state, nonce, code_challenge: challenge, code_challenge_method: 'S256', dpop_jkt: jkt };
    const q = new URLSearchParams(Object.entries(params).filter(([k, v]) => v !== undefined && !Object.hasOwn(ours, k)).map(([k, v]) => [k, String(v)]));
    for (const k in ours) if (ours[k]) q.append(k, ours[k]);
    return { url: `${endpoint}${endpoint.includes('?') ? '&' : '?'}${q}`, state, nonce, code_verifier: verifier };
  }

  // A POST of the form `params` (an object) to the token or revocation endpoint, with a proof
  // (when `useDpop`) and the nonce retry, sent by `fetcher` (the token worker) or the page.
  post(url, params, useDpop, headers, fetcher) {
    const req = new Request(url, {
      method: 'POST', body: new URLSearchParams(params), signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    return this.send(req, undefined, !!useDpop, undefined, fetcher, true);
  }

  // A token request, its answer checked: the tokens, or the server's error as a coded error.
  async token(url, params, useDpop, iss, aud, nonce, leeway, maxAge, headers, fetcher) {
    const res = await this.post(url, params, useDpop, headers, fetcher);
    let text;
    try { text = await res.text(); } catch (e) { throw coded(e?.name === 'TimeoutError' ? 'timeout' : 'fetch_error', 'The token response could not be read', e); }
    // Errors name the HTTP status, never the body (it may hold tokens).
    const { status } = res;
    const fail = (error, description) => Object.assign(new GenericError(error, `${description} (HTTP ${status})`), { status });
    let json;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw fail('invalid_response', 'The token endpoint returned a response that is not a JSON object');
    if (status < 200 || status > 299 || json.error !== undefined) {
      const [error, description] = [str(json.error) || 'request_error', str(json.error_description) || 'The authorization server returned an error'];
      if (error === 'mfa_required') throw Object.assign(new MfaRequiredError(error, description, json.mfa_token, json.mfa_requirements), { status });
      throw fail(error, description);
    }
    if (!str(json.access_token)) throw fail('invalid_response', 'The token endpoint returned no access_token');
    try {
      json.token_type = guard(() => wasm.tokenType(str(json.token_type)));
    } catch (e) {
      throw Object.assign(e, { status });
    }
    // A token that passes its checks teaches the server's clock (wasm checkIdToken).
    if (str(json.id_token)) json.claims = idTokenClaims(this.core, json.id_token, iss, aud, nonce, leeway, maxAge);
    return json;
  }

  // Forgets the key in memory and the nonces (another tab logged out); IndexedDB untouched.
  forget() {
    this._key = undefined;
    this.loaded = this.loadedJkt = undefined;
    this._ath = undefined;
    guard(() => wasm.clearNonces(this.core));
  }

  // Deletes the key (memory and IndexedDB) and every nonce; the next proof uses a new key.
  clear() {
    // A load in progress finishes first, so it cannot store its key after the delete; callers
    // of key() meanwhile wait for the delete, then load a new key.
    const pending = Promise.all([this._key, this._clearing].map((p) => p?.catch(() => {})));
    this._key = undefined;
    this.loaded = this.loadedJkt = undefined;
    this._ath = undefined;
    guard(() => wasm.clearNonces(this.core));
    const c = pending
      .then(() => withStore('keys', 'readwrite', (s) => s.delete(this.clientId)))
      .catch(() => { /* without IndexedDB there is nothing to delete */ });
    this._clearing = c;
    c.finally(() => { if (this._clearing === c) this._clearing = undefined; });
    return c;
  }

  // Strings tabs share through IndexedDB (consistent across tabs, unlike localStorage).
  async meta(k) {
    // A non-string (another version's record, garbage) counts as none.
    try { return str(await withStore('meta', 'readonly', (s) => s.get(k))) || undefined; } catch { return undefined; }
  }

  async setMeta(k, v) {
    try { await withStore('meta', 'readwrite', (s) => s.put(v, k)); } catch { /* no IndexedDB: tokens stay in the page */ }
  }
}
