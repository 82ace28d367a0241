// Run by /run.html on load, with no user gesture: loginWithPopup must meet the browser's
// popup blocker and reject with PopupOpenError.
const sdk = await import('/pkg/index.js');
const domain = new URLSearchParams(location.search).get('domain');
const client = await sdk.createAuth0Client({ domain, clientId: 'spa', useDpop: true, authorizationParams: { redirect_uri: `${location.origin}/blank.html` } });
const e = await client.loginWithPopup().then(() => null, (e) => e);
document.body.dataset.result = JSON.stringify({ blocked: e instanceof sdk.PopupOpenError, error: e?.error ?? null, authenticated: await client.isAuthenticated() });
