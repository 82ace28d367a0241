import { createAuth0Client, UseDpopNonceError } from 'dpop-spa';

const env = import.meta.env;
const apiUrl = env.VITE_API_URL;
const $ = (id) => document.getElementById(id);
const show = (id, on = true) => { $(id).hidden = !on; };
const decode = (part) => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));

// --- DPoP inspector: watch each request sent with a proof (token endpoint and API alike).
const realFetch = window.fetch.bind(window);
let lastNonceError = null;
window.fetch = async (input, init) => {
  const req = input instanceof Request ? input : new Request(input, init);
  const proof = req.headers.get('dpop');
  const res = await realFetch(req);
  if (proof) await record(proof, res);
  return res;
};

async function record(proof, res) {
  const [h, c] = proof.split('.');
  const header = decode(h);
  const claims = decode(c);
  $('proof').textContent = JSON.stringify({ header, claims }, null, 2);
  $('proof-target').textContent = `${claims.htm} ${claims.htu}`;
  let nonceError = res.status === 401 && /use_dpop_nonce/.test(res.headers.get('www-authenticate') || '');
  if (res.status === 400) nonceError = (await res.clone().json().catch(() => ({}))).error === 'use_dpop_nonce';
  const isRetry = lastNonceError === claims.htu;
  lastNonceError = nonceError ? claims.htu : null;
  const li = document.createElement('li');
  li.className = nonceError ? 'retry' : '';
  li.textContent = `${claims.htm} ${claims.htu} → ${res.status}`
    + (claims.nonce ? ' · with nonce' : ' · no nonce')
    + (claims.ath ? ' · ath' : '')
    + (nonceError ? ' · server asks for a new nonce (use_dpop_nonce)' : '')
    + (isRetry ? ' · retry with a fresh proof' : '');
  $('events').prepend(li);
}

// --- The app, as an auth0-spa-js app writes it, plus useDpop.
$('target').textContent = `Authorization server ${env.VITE_AUTH0_DOMAIN} · API ${apiUrl}`;
const client = await createAuth0Client({
  domain: env.VITE_AUTH0_DOMAIN,
  clientId: env.VITE_AUTH0_CLIENT_ID,
  useDpop: true,
  useRefreshTokens: true,
  cacheLocation: 'localstorage',
  authorizationParams: { redirect_uri: `${location.origin}/`, audience: env.VITE_AUTH0_AUDIENCE },
});
const api = client.createFetcher({ dpopNonceId: 'api' });

if (/[?&](code|error)=/.test(location.search)) {
  try {
    await client.handleRedirectCallback();
  } catch (e) {
    $('status').textContent = `Login failed: ${e.error_description || e.message}`;
  }
  history.replaceState({}, '', '/');
}

async function render() {
  try {
    await update();
  } finally {
    document.body.dataset.state = 'idle'; // for tests and screenshots: the page is up to date
  }
}

async function update() {
  const authenticated = await client.isAuthenticated();
  show('login', !authenticated);
  show('logout', authenticated);
  show('call-api', authenticated);
  if (authenticated) {
    const user = await client.getUser();
    $('status').innerHTML = `Signed in as <strong></strong>`;
    $('status').querySelector('strong').textContent = user.name || user.sub;
    $('user').textContent = JSON.stringify(user, null, 2);
    const token = await client.getTokenSilently({ detailedResponse: true });
    const jkt = await client.getDpopThumbprint();
    const cnf = token.access_token.split('.').length === 3 ? decode(token.access_token.split('.')[1]).cnf?.jkt : undefined;
    $('jkt').textContent = jkt;
    $('cnf').textContent = cnf ?? '(opaque token)';
    $('bound').className = cnf === jkt ? 'ok' : 'bad';
    $('bound').textContent = cnf === jkt ? '✓ bound to this key' : cnf ? '✗ different key' : '';
  } else if (!$('status').textContent.startsWith('Login failed')) {
    $('status').textContent = 'Not signed in.';
  }
  show('user', authenticated);
  const rows = [['authorization server', await client.getDpopNonce()], ['API (dpopNonceId "api")', await client.getDpopNonce('api')]];
  $('nonces').innerHTML = '';
  for (const [name, nonce] of rows) {
    const tr = $('nonces').insertRow();
    tr.insertCell().textContent = name;
    tr.insertCell().textContent = nonce ?? '–';
  }
}

$('login').onclick = () => client.loginWithRedirect();
$('logout').onclick = async () => {
  await client.logout({ logoutParams: { returnTo: `${location.origin}/` } });
};
$('call-api').onclick = async () => {
  document.body.dataset.state = 'busy';
  $('api-status').textContent = 'Calling…';
  try {
    const res = await api.fetchWithAuth(apiUrl);
    const body = await res.json();
    $('api-response').textContent = JSON.stringify(body, null, 2);
    show('api-response');
    $('api-status').textContent = `HTTP ${res.status}`;
  } catch (e) {
    $('api-status').textContent = e instanceof UseDpopNonceError
      ? 'The API kept refusing our DPoP nonce (UseDpopNonceError).'
      : `Failed: ${e.message}`;
  }
  await render();
};

await render();
