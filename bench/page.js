// Runs inside the benchmark page. Each SDK is loaded from its own package files.
const sdks = {
  'dpop-spa': () => import('/pkg/index.js'),
  'auth0-spa-js': () => import('/auth0/auth0-spa-js.production.esm.js'),
};

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const quantile = (xs, q) => { const s = sorted(xs); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
export const median = (xs) => quantile(xs, 0.5);

// A JWT-sized access token (the shape and length of a real one).
export const TOKEN = `eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.${'eyJzdWIiOiJhbGljZSJ9'.repeat(30)}.${'c2lnbmF0dXJl'.repeat(28)}`;

export async function client(name, clientId, extra = {}) {
  const { createAuth0Client } = await sdks[name]();
  return createAuth0Client({
    domain: location.origin, clientId, useDpop: true, cacheLocation: 'localstorage',
    authorizationParams: { audience: 'https://api.bench/', redirect_uri: location.origin + '/' }, ...extra,
  });
}


// The proof figure: the mean of 300 back-to-back awaited generateDpopProof calls after 10
// warm-up calls (a batch mean: Firefox and WebKit timers are 1 ms coarse).
export async function proofBench(name) {
  if (name === 'floor') return floorBench();
  const c = await client(name, `bench-proof-${name}`);
  const url = `${location.origin}/api/orders?page=2`;
  return batch(() => c.generateDpopProof({ url, method: 'GET', nonce: 'n', accessToken: TOKEN }));
}

// One round of the proof ratio, in one page: dpop-spa's proofs and the floor back to back
// (their order alternating between rounds), so both see the same machine.
export async function proofPair(round) {
  const order = round % 2 ? ['floor', 'dpop-spa'] : ['dpop-spa', 'floor'];
  const out = {};
  for (const name of order) out[name] = (await proofBench(name)).mean;
  return out;
}

// The floor: WebCrypto's own work for one proof, in the same page — 32 random bytes,
// SHA-256 of the access token, one ECDSA P-256 signature of a 400-byte input with a loaded
// non-extractable key.
async function floorBench() {
  const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const input = new Uint8Array(400).fill(97);
  const token = new TextEncoder().encode(TOKEN);
  return batch(async () => {
    crypto.getRandomValues(new Uint8Array(32));
    await crypto.subtle.digest('SHA-256', token);
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, input);
  });
}

async function batch(fn, warmup = 10, n = 300) {
  for (let i = 0; i < warmup; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return { mean: (performance.now() - t0) / n, n };
}

// fetchWithAuth against a plain fetch carrying a precomputed Authorization and DPoP header,
// alternating, in pairs.
export async function fetchBench(name, pairs = 200) {
  const c = await client(name, `bench-fetch-${name}`);
  const url = `${location.origin}/api/orders`;
  const proof = await c.generateDpopProof({ url, method: 'GET', accessToken: TOKEN });
  const plain = () => fetch(url, { headers: { authorization: `DPoP ${TOKEN}`, dpop: proof } }).then((r) => r.arrayBuffer());
  const fetcher = c.createFetcher({ dpopNonceId: 'api', getAccessToken: async () => TOKEN });
  const auth = () => fetcher.fetchWithAuth(url).then((r) => r.arrayBuffer());
  for (let i = 0; i < 20; i++) { await plain(); await auth(); }
  const p = [], a = [], d = [];
  for (let i = 0; i < pairs; i++) {
    const first = i % 2 ? plain : auth;
    const second = i % 2 ? auth : plain;
    const t0 = performance.now(); await first(); const t1 = performance.now(); await second(); const t2 = performance.now();
    const [tp, ta] = i % 2 ? [t1 - t0, t2 - t1] : [t2 - t1, t1 - t0];
    p.push(tp); a.push(ta); d.push(ta - tp);
  }
  return { plain: median(p), fetchWithAuth: median(a), extra: median(d), n: pairs };
}

// A signed-in session as both SDKs keep it with cacheLocation 'localstorage' (same format),
// plus auth0-spa-js's is.authenticated cookie.
export async function seedSession(name, clientId) {
  const c = await client(name, clientId); // creates the DPoP key, as a signed-in app has one
  await c.generateDpopProof({ url: location.href, method: 'GET' });
  // dpop-spa keeps which key a DPoP token is bound to (an entry without it is not used).
  const jkt = name === 'dpop-spa' ? await c.getDpopThumbprint() : undefined;
  const exp = Math.floor(Date.now() / 1000) + 86400;
  const b64 = (o) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const claims = { iss: `${location.origin}/`, aud: clientId, sub: 'alice', name: 'Alice', exp, iat: exp - 86400, nonce: 'n' };
  const idToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
  const user = { sub: 'alice', name: 'Alice' };
  const scope = 'openid profile email';
  const body = { client_id: clientId, audience: 'https://api.bench/', scope, access_token: TOKEN, id_token: idToken, token_type: 'DPoP', expires_in: 86400, jkt, decodedToken: { claims: { ...claims, __raw: idToken }, user } };
  localStorage.setItem(`@@auth0spajs@@::${clientId}::https://api.bench/::${scope}`, JSON.stringify({ body, expiresAt: exp }));
  localStorage.setItem(`@@auth0spajs@@::${clientId}::@@user@@`, JSON.stringify({ id_token: idToken, decodedToken: body.decodedToken }));
  document.cookie = `auth0.${clientId}.is.authenticated=true; path=/`;
  document.cookie = `_legacy_auth0.${clientId}.is.authenticated=true; path=/`;
  return c.isAuthenticated();
}
