// dpop-spa: the public API, shaped like auth0-spa-js 2.28.3 with `useDpop: true`.
// The wasm engine does the protocol work; this file checks arguments, shapes values and
// maps errors. Importing it is enough: the wasm loads itself, once, on first use.
import init, { Engine } from './dpop_spa.js';
import { GenericError, UseDpopNonceError, toPublicError } from './errors.js';

export { GenericError, UseDpopNonceError };

let ready;
const loadWasm = () => (ready ??= init().catch((e) => { ready = undefined; throw e; }));

async function call(f) {
  try {
    return await f();
  } catch (e) {
    throw toPublicError(e);
  }
}

// auth0-spa-js joins a relative URL to `baseUrl` (it does not resolve it against it).
const isAbsolute = (url) => /^(https?:)?\/\//i.test(url);
function buildRequest(baseUrl, info, init) {
  if (!baseUrl) {
    if (typeof info === 'string' && !isAbsolute(info)) throw new TypeError('`url` must be absolute or `baseUrl` non-empty.');
    return request(info, init);
  }
  const url = typeof info === 'string' ? info : info instanceof URL ? info.href : info.url;
  if (!url) throw new TypeError('`url` must be absolute or `baseUrl` non-empty.');
  const finalUrl = isAbsolute(url) ? url : `${baseUrl.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}`;
  return request(info instanceof Request ? new Request(finalUrl, info) : finalUrl, init);
}
// A ReadableStream body needs `duplex: 'half'`; the engine buffers it before sending.
function request(info, init) {
  if (init && init.body instanceof ReadableStream && !init.duplex) init = { ...init, duplex: 'half' };
  return new Request(info, init);
}

export class Auth0Client {
  constructor(options) {
    if (!options || typeof options.domain !== 'string' || typeof options.clientId !== 'string') {
      throw new GenericError('invalid_configuration', '`domain` and `clientId` are required.');
    }
    this.options = { ...options, authorizationParams: { ...(options.authorizationParams || {}) } };
    this._wasm = undefined;
  }

  async _engine() {
    await loadWasm();
    return (this._wasm ??= new Engine(this.options.clientId, this.options.domain));
  }

  async _dpop() {
    if (!this.options.useDpop) throw new GenericError('dpop_disabled', '`useDpop` option must be enabled before using DPoP.');
    return this._engine();
  }

  /** Latest DPoP nonce for `id`, or the authorization server's. */
  getDpopNonce(id) {
    return call(async () => (await this._dpop()).nonce(id));
  }

  /** Sets the nonce that `id`'s (or the authorization server's) next proof uses. */
  setDpopNonce(nonce, id) {
    return call(async () => (await this._dpop()).setNonce(nonce, id));
  }

  /** A DPoP proof for `url` and `method`; `nonce` and `ath` only when given. */
  generateDpopProof({ url, method, nonce, accessToken } = {}) {
    return call(async () => {
      const engine = await this._dpop();
      return engine.proof(String(method), new URL(url).href, nonce, accessToken);
    });
  }

  /** The RFC 7638 thumbprint of the DPoP public key (what `dpop_jkt` carries). */
  getDpopThumbprint() {
    return call(async () => (await this._dpop()).jkt());
  }

  createFetcher(config = {}) {
    const client = this;
    const getAccessToken = config.getAccessToken || ((authParams) => client.getTokenSilently({
      authorizationParams: { scope: authParams?.scope?.join(' '), audience: authParams?.audience },
      detailedResponse: true,
    }));
    return {
      fetchWithAuth(info, init, authParams) {
        return call(async () => {
          const req = buildRequest(config.baseUrl, info, init);
          const t = await getAccessToken(authParams);
          let token, type;
          if (typeof t === 'string') [token, type] = [t, config.dpopNonceId ? 'dpop' : 'bearer'];
          else if (t && typeof t.access_token === 'string') [token, type] = [t.access_token, String(t.token_type || 'bearer').toLowerCase()];
          if (!token) throw new GenericError('missing_access_token', 'getAccessToken returned no access token.');
          // A DPoP token needs the key (and `useDpop`); a Bearer token goes out without a proof.
          const dpop = type === 'dpop';
          const engine = dpop ? await client._dpop() : await client._engine();
          return engine.send(req, token, dpop, config.dpopNonceId, config.fetch, false);
        });
      },
    };
  }

  getTokenSilently() {
    return Promise.reject(new GenericError('not_supported', 'getTokenSilently arrives with the login flow; pass getAccessToken to createFetcher.'));
  }
}

export async function createAuth0Client(options) {
  const client = new Auth0Client(options);
  return client;
}
