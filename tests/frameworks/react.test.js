// dpop-spa/react in a real app: tests/apps/react (Vite 8 + React 19 + react-router, built
// from the packed package), served on 127.0.0.1, against oidc-provider (DPoP, nonces
// required) and the DPoP resource server, driven as a user drives it: open a guarded page,
// click buttons, reload. What is asserted comes from the page, the servers' logs and an
// independent RFC 7638 thumbprint of the key the page's proofs carry.
//
// The same app source is also built with @auth0/auth0-react 2.27.0 in place of dpop-spa/react
// and run through the same checks, to show the checks are right. Where the official wrapper
// is weaker, the expectation differs, and only there (`VARIANTS`):
// - telemetry: its own name and version;
// - fetchWithAuth without an audience: auth0-spa-js 2.28.3's default token getter passes
//   `audience: undefined`, which replaces the configured audience, so it asks for a token of
//   the default audience and fails (MissingRefreshTokenError); dpop-spa keeps the configured one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint } from 'jose';
import { launch } from '../browser/browser.js';
import { poll } from '../support.js';
import { buildApp, serveApp } from '../apps/harness.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';

const { version } = JSON.parse(readFileSync(new URL('../../js/package.json', import.meta.url), 'utf8'));
const VARIANTS = {
  'dpop-spa': { script: 'build', out: 'dist', telemetry: { name: 'dpop-spa/react', version }, fetcherKeepsAudience: true },
  official: { script: 'build:official', out: 'node_modules/.official/dist', telemetry: { name: 'auth0-react', version: '2.27.0' }, fetcherKeepsAudience: false },
};
let browser;

before(async () => {
  // Each variant has its own app, resource server and authorization server (whose log the
  // checks read). The app's redirect_uri is its origin (the auth0-react docs'
  // `window.location.origin`); the server registers it with and without the trailing slash.
  const servers = Object.values(VARIANTS).map(async (v) => {
    v.app = await serveApp(buildApp('react', v.script, v.out));
    v.rs = await startResourceServer({ allowOrigin: v.app.origin });
    v.as = await startAuthServer({ redirectUris: [v.app.origin], audience: v.rs.audience });
    v.rs.trust(v.as);
    v.app.config = { domain: v.as.origin, clientId: 'spa', audience: v.rs.audience, api: `${v.rs.origin}/api/data` };
  });
  // Popups are blocked outside a user gesture, as browsers do by default: the popup login
  // must open its window inside the click, through the wrapper.
  [browser] = await Promise.all([launch({ popupBlocking: true }), ...servers]);
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(VARIANTS).flatMap((v) => [v.app?.close(), v.rs?.close(), v.as?.close()]));
});

// The text of `selector` once it is there (and equals `expected`, when given).
const textOf = (p, selector, expected) => poll(p, ([s, e]) => {
  const t = document.querySelector(s)?.textContent;
  return t != null && (e == null || t === e) ? t : null;
}, [selector, expected]);
const jsonOf = async (p, selector) => JSON.parse(await textOf(p, selector));
const path = async (p) => { const u = new URL(await p.url()); return u.pathname + u.search; };
const since = (log, mark, f) => log.slice(mark).filter(f);
const decode = (b64) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));

// The profile page once it shows alice: her token's claims and the thumbprint of the key in
// the page's DPoP proofs, computed here from the proof's public JWK.
async function profile(p) {
  assert.equal(await textOf(p, '#user-name', 'Alice Example'), 'Alice Example');
  assert.equal(await textOf(p, '#user-email'), 'alice@example.com');
  const claims = await jsonOf(p, '#token-claims');
  const jwk = await jsonOf(p, '#dpop-jwk');
  assert.deepEqual(Object.keys(jwk).sort(), ['crv', 'kty', 'x', 'y'], 'the proof carries the public key only');
  return { claims, jkt: await calculateJwkThumbprint(jwk) };
}

// Clicks "Call the API": the API's answer and what the resource server saw. The official
// variant's fetcher asks for a token of the wrong audience: an error, no request to the API.
async function callApi(p, v) {
  const mark = v.rs.log.length;
  await p.click('#call-api');
  if (!v.fetcherKeepsAudience) {
    assert.match(await textOf(p, '#profile-error'), /Missing Refresh Token \(audience: ''/);
    assert.deepEqual(v.rs.log.slice(mark), []);
    return undefined;
  }
  const result = await jsonOf(p, '#api-result');
  return { result, log: v.rs.log.slice(mark) };
}

for (const [variant, v] of Object.entries(VARIANTS)) {
  test(`${variant}: redirect login from a guarded route, a DPoP-bound token, the API, a reload, logout`, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();

    // The guarded route sends the user to the authorization server and back.
    let mark = v.as.log.length;
    await p.goto(`${v.app.origin}/profile`);
    const first = await profile(p);
    assert.equal(await path(p), '/profile', 'back on the guarded route (appState.returnTo), the code and state gone from the URL');
    const authorize = since(v.as.log, mark, (e) => e.path === '/authorize');
    assert.equal(authorize.length, 1, 'one authorization request');
    const q = new URLSearchParams(authorize[0].query);
    assert.equal(q.get('redirect_uri'), v.app.origin);
    assert.equal(q.get('audience'), v.rs.audience);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.equal(q.get('dpop_jkt'), first.jkt, 'the authorization code is bound to the page\'s key (RFC 9449 §10)');
    assert.deepEqual(decode(q.get('auth0Client')), v.telemetry, 'the wrapper\'s telemetry');
    assert.ok(since(v.as.log, mark, (e) => e.path.startsWith('/interaction/')).length > 0, 'alice signed in at the server');
    const tokens = since(v.as.log, mark, (e) => e.path === '/oauth/token' && e.method === 'POST');
    assert.ok(tokens.length >= 1 && tokens.every((e) => e.dpop), 'every token request carries a DPoP proof');
    assert.equal(tokens.at(-1).status, 200);
    assert.equal(decode(tokens.at(-1).auth0Client).name, v.telemetry.name);

    // getAccessTokenSilently's token is bound to the key the page signs its proofs with.
    assert.equal(first.claims.sub, 'alice');
    assert.equal(first.claims.cnf?.jkt, first.jkt);

    // createFetcher({ dpopNonceId }) -> fetchWithAuth: the API demands its own nonce first.
    const api = await callApi(p, v);
    if (api) {
      assert.equal(api.result.status, 200);
      assert.equal(api.result.body.sub, 'alice');
      assert.equal(api.result.body.jkt, first.jkt, 'the API saw the same key');
      assert.deepEqual(api.log.map((e) => e.result), ['use_dpop_nonce', 'ok'], 'one nonce retry, then accepted');
      assert.ok(api.log.every((e) => /^DPoP /.test(e.authorization) && e.dpop), 'DPoP scheme and a proof each time');
      assert.notEqual(api.log[0].dpop, api.log[1].dpop, 'a fresh proof for the retry');
    }

    // A reload keeps the session: no authorization request, the same key, the API still answers.
    mark = v.as.log.length;
    await p.reload();
    const again = await profile(p);
    assert.equal(again.jkt, first.jkt, 'the same key after the reload');
    assert.equal(again.claims.cnf?.jkt, first.jkt);
    assert.deepEqual(since(v.as.log, mark, (e) => e.path === '/authorize'), [], 'no new /authorize');
    const call = await callApi(p, v);
    if (call) assert.equal(call.result.status, 200);

    // Logout: to the server's /v2/logout and back to the app, signed out.
    mark = v.as.log.length;
    await p.click('#logout');
    await textOf(p, '#status', 'signed-out');
    assert.equal(await path(p), '/');
    const logout = since(v.as.log, mark, (e) => e.path === '/v2/logout');
    assert.equal(logout.length, 1);
    const lq = new URLSearchParams(logout[0].query);
    assert.equal(lq.get('client_id'), 'spa');
    assert.equal(lq.get('returnTo'), v.app.origin);
    assert.deepEqual(await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@'))), [], 'no tokens left');

    // The guarded route now needs a new login: the server's session has ended too.
    mark = v.as.log.length;
    await p.goto(`${v.app.origin}/profile`);
    const third = await profile(p);
    assert.equal(since(v.as.log, mark, (e) => e.path === '/authorize').length, 1);
    assert.ok(since(v.as.log, mark, (e) => e.path.startsWith('/interaction/')).length > 0, 'signed in again at the server');
    assert.notEqual(third.jkt, first.jkt, 'logout deleted the key; the new session has a new one');
    assert.equal(third.claims.cnf?.jkt, third.jkt);
    assert.deepEqual(await p.consoleMessages(), [], 'no warnings, errors or unhandled rejections in the page');
    await context.close();
  });

  test(`${variant}: loginWithPopup from a click: signed in without leaving the page, then a bound token on the guarded route`, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${v.app.origin}/`);
    await textOf(p, '#status', 'signed-out');
    await p.evaluate(() => { window.samePage = true; });
    const mark = v.as.log.length;

    // A click from script is no user gesture: the browser blocks the window, and the provider
    // reports it through `error` (loginWithPopup itself resolves, as auth0-react's does).
    await p.evaluate(() => document.getElementById('login-popup').click());
    assert.match(await textOf(p, '#error'), /Unable to open a popup/);
    assert.equal(await textOf(p, '#status'), 'signed-out');
    assert.equal((await context.pages()).length, 1);

    await p.click('#login-popup');
    assert.equal(await textOf(p, '#welcome', 'Welcome back, Alice Example'), 'Welcome back, Alice Example');
    assert.equal(await p.evaluate(() => window.samePage), true, 'the page was never left');
    assert.equal(await p.evaluate(() => document.getElementById('error')), null, 'the login cleared the error');
    assert.equal(await path(p), '/');
    const authorize = since(v.as.log, mark, (e) => e.path === '/authorize');
    assert.equal(authorize.length, 1);
    const q = new URLSearchParams(authorize[0].query);
    assert.equal(q.get('response_mode'), 'web_message', 'answered by postMessage to the opener');
    for (let i = 0; (await context.pages()).length > 1 && i < 100; i++) await p.waitForTimeout(50);
    assert.equal((await context.pages()).length, 1, 'the popup closed itself');

    // In-app navigation to the guarded route: already signed in, no redirect.
    const before = v.as.log.length;
    await p.click('a[href="/profile"]');
    const { claims, jkt } = await profile(p);
    assert.equal(claims.cnf?.jkt, jkt);
    assert.equal(q.get('dpop_jkt'), jkt);
    assert.deepEqual(since(v.as.log, before, (e) => e.path === '/authorize'), []);
    assert.equal(await p.evaluate(() => window.samePage), true);
    const call = await callApi(p, v);
    if (call) assert.equal(call.result.status, 200);
    assert.deepEqual(await p.consoleMessages(), [], 'no warnings, errors or unhandled rejections in the page');
    await context.close();
  });

  test(`${variant}: a callback the app did not start (forged code and state): \`error\` is set, nothing is exchanged, signed out`, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const mark = v.as.log.length;
    await p.goto(`${v.app.origin}/?code=forged&state=forged`);
    assert.equal(await textOf(p, '#error'), 'Invalid state');
    assert.equal(await textOf(p, '#status'), 'signed-out', 'isLoading ended with the error');
    assert.equal(await path(p), '/?code=forged&state=forged', 'onRedirectCallback was not called');
    assert.deepEqual(since(v.as.log, mark, () => true), [], 'no request to the authorization server');
    assert.deepEqual(await p.consoleMessages(), [], 'no warnings, errors or unhandled rejections in the page');
    await context.close();
  });
}
