// createFetcher(): auth0-spa-js's fetchWithAuth, with a proof on every DPoP request.
import { GenericError, call } from './errors.js';

// auth0-spa-js joins a relative URL to `baseUrl` (it does not resolve it against it).
const isAbsolute = (url) => /^(https?:)?\/\//i.test(url);
const relativeError = () => new TypeError('`url` must be absolute or `baseUrl` non-empty.');

function buildRequest(baseUrl, info, init) {
  if (!baseUrl) {
    if (typeof info === 'string' && !isAbsolute(info)) throw relativeError();
    return new Request(info, init);
  }
  const url = typeof info === 'string' ? info : info instanceof URL ? info.href : info.url;
  if (!url) throw relativeError();
  const finalUrl = isAbsolute(url) ? url : `${baseUrl.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}`;
  return new Request(info instanceof Request ? new Request(finalUrl, info) : finalUrl, init);
}

export function createFetcher(client, config = {}) {
  // Without getAccessToken: the client's own token, keeping its audience and scope unless
  // authParams name others (auth0-spa-js 2.28.3 loses the client's audience here).
  const getAccessToken = config.getAccessToken || ((authParams) => client.getTokenSilently({
    authorizationParams: { scope: authParams?.scope?.join(' '), audience: authParams?.audience },
    detailedResponse: true,
  }));
  return {
    fetchWithAuth(info, init, authParams) {
      return call(async () => {
        // A ReadableStream body is read into memory first: it is replayed on the nonce retry,
        // and Firefox and Safari cannot send a stream as a request body at all.
        if (init?.body instanceof ReadableStream) {
          try {
            init = { ...init, body: await new Response(init.body).arrayBuffer() };
          } catch (cause) {
            throw Object.assign(new GenericError('body_error', 'The request body could not be read'), { cause });
          }
        }
        const req = buildRequest(config.baseUrl, info, init);
        const t = await getAccessToken(authParams);
        let token, type;
        if (typeof t === 'string') [token, type] = [t, config.dpopNonceId ? 'dpop' : 'bearer'];
        else if (t && typeof t.access_token === 'string') [token, type] = [t.access_token, String(t.token_type || 'bearer').toLowerCase()];
        if (!token) throw new GenericError('missing_access_token', 'getAccessToken returned no access token.');
        // A DPoP token needs the key (and `useDpop`); a Bearer token goes out without a proof.
        const dpop = type === 'dpop';
        const engine = dpop ? await client._dpop() : await client._engine();
        return engine.send(req, token, dpop, config.dpopNonceId, config.fetch, false, init?.body instanceof FormData ? init.body : undefined);
      });
    },
  };
}
