// dpop-spa/vue in a real Vite 8 + Vue 3 + vue-router app (tests/apps/vue, type-checked by
// vue-tsc in strict mode), built from the packed package and run against oidc-provider and the
// DPoP resource server. The same source is also built with Auth0's @auth0/auth0-vue 2.10.0
// (`npm run build:official`: a bundler alias, nothing else) and run through the same checks, to
// show the checks are right; the expectations that differ are in `variants`. The test looks
// only at what the app renders, the URL, and what the servers received, and drives the app
// with real clicks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { launch } from '../browser/browser.js';
import { poll } from '../support.js';
import { buildApp, serveApp } from '../apps/harness.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';

const { version } = JSON.parse(readFileSync(new URL('../../js/package.json', import.meta.url), 'utf8'));

// What differs between the two builds of the app.
const variants = {
  'dpop-spa/vue': { build: () => buildApp('vue'), telemetry: { name: 'dpop-spa/vue', version }, fetcherAuthorizes: 0 },
  '@auth0/auth0-vue': {
    build: () => buildApp('vue', 'build:official', 'dist/official'),
    // auth0-vue 2.10.0 sends a version it never updated.
    telemetry: { name: 'auth0-vue', version: '2.3.1' },
    // auth0-spa-js 2.28.3's fetcher asks for a token with `audience: undefined` spread over the
    // client's audience, so the first fetchWithAuth (no authParams) misses the login's token
    // and runs a silent authentication (prompt=none, no audience) for the default audience.
    fetcherAuthorizes: 1,
  },
};

let browser;
before(async () => {
  const dists = Object.values(variants).map((v) => v.build());
  // Popups blocked outside a user gesture, as browsers do by default.
  let apps;
  [browser, ...apps] = await Promise.all([launch({ popupBlocking: true }), ...dists.map((d) => serveApp(d))]);
  // Servers of its own for each app (a resource server allows one origin, and is the audience
  // of its authorization server's tokens).
  await Promise.all(Object.values(variants).map(async (v, i) => {
    const app = apps[i];
    const rs = await startResourceServer({ allowOrigin: app.origin });
    const as = await startAuthServer({ redirectUris: [app.origin], audience: rs.audience });
    rs.trust(as);
    app.config = { domain: as.origin, clientId: 'spa', audience: rs.audience, api: rs.origin };
    Object.assign(v, { app, rs, as });
  }));
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(variants).flatMap((v) => [v.app?.close(), v.rs?.close(), v.as?.close()]));
});

const text = (p, selector) => poll(p, (s) => document.querySelector(s)?.textContent.trim(), selector);
const until = (p, selector, expected) => poll(p, ([s, e]) => document.querySelector(s)?.textContent.trim() === e, [selector, expected]);
const since = (log, n, path) => log.slice(n).filter((e) => e.path === path);
const thumbprint = (proof) => calculateJwkThumbprint(decodeProtectedHeader(proof).jwk);
// Clicks the Profile page's button and returns what the page shows for its API call.
async function callApi(p) {
  await p.evaluate(() => document.getElementById('api')?.remove());
  await p.click('#call-api');
  return poll(p, () => {
    const failed = document.getElementById('api-error')?.textContent;
    if (failed) return { failed };
    const shown = document.getElementById('api')?.textContent;
    return shown && JSON.parse(shown);
  });
}

for (const [variant, v] of Object.entries(variants)) {
  // The authorization requests since `n` (not oidc-provider's resumes, /authorize/<uid>).
  const authorizations = (n) => since(v.as.log, n, '/authorize');
  const tokenRequests = (n) => since(v.as.log, n, '/oauth/token').filter((e) => e.method === 'POST');
  // Steps the authorization server's interaction took since `n` (login, consent): a browser
  // that still has its session there skips the login step.
  const interactions = (n) => v.as.log.slice(n).filter((e) => e.path.startsWith('/interaction/')).length;

  test(`${variant}: guarded route -> login by redirect -> back on the route; DPoP token and API; reload; logout; createAuthGuard`, async (t) => {
    const context = await browser.newContext();
    const p = await context.newPage();
    let jkt, freshLogin;

    await t.test('authGuard sends the visitor to log in; the plugin routes back to appState.target and shows alice', async () => {
      const n = v.as.log.length;
      await p.goto(`${v.app.origin}/profile?tab=1`);
      await until(p, '#status', 'signed-in');
      assert.equal(await text(p, '#page'), 'profile');
      assert.equal(await text(p, '#who'), 'Alice Example (alice)');
      assert.equal(await text(p, '#email'), 'alice@example.com');
      assert.equal(await text(p, '#route'), '/profile?tab=1', 'router.push(appState.target), query included');
      const back = new URL(await p.url());
      assert.equal(back.pathname + back.search, '/profile?tab=1', 'the code and state left the URL');
      const authorize = authorizations(n);
      assert.equal(authorize.length, 1, 'one authorization request');
      const q = new URLSearchParams(authorize[0].query);
      assert.equal(q.get('redirect_uri'), v.app.origin);
      assert.equal(q.get('audience'), v.rs.audience);
      assert.ok(q.get('dpop_jkt'), 'the authorization request names the key');
      assert.ok(q.get('state') && q.get('code_challenge'));
      assert.deepEqual(JSON.parse(atob(q.get('auth0Client'))), v.telemetry, 'telemetry names the wrapper');
      const tokens = tokenRequests(n);
      assert.ok(tokens.length >= 1 && tokens.every((e) => e.dpop), 'the code exchange carries proofs');
      assert.equal(tokens.at(-1).status, 200);
      assert.equal(JSON.parse(atob(tokens.at(-1).auth0Client)).name, v.telemetry.name, 'and the Auth0-Client header');
      jkt = q.get('dpop_jkt');
      assert.deepEqual(new Set(await Promise.all(tokens.map((e) => thumbprint(e.dpop)))), new Set([jkt]));
      freshLogin = interactions(n);
      assert.ok(freshLogin >= 1);
    });

    await t.test('getAccessTokenSilently is bound to the page key; fetchWithAuth is answered 200 (DPoP, the API nonce)', async () => {
      const r = v.rs.log.length;
      const n = v.as.log.length;
      const shown = await callApi(p);
      assert.equal(shown.failed, undefined);
      assert.equal(shown.tokenJkt, shown.keyJkt, "the token's cnf.jkt is the thumbprint of the page's proof key");
      assert.equal(shown.keyJkt, jkt, 'the key the authorization request named');
      assert.equal(shown.status, 200);
      assert.equal(shown.body.sub, 'alice');
      assert.equal(shown.body.jkt, jkt);
      const seen = v.rs.log.slice(r);
      assert.deepEqual(seen.map((e) => e.result), ['use_dpop_nonce', 'ok'], 'the API asked for its nonce once');
      assert.ok(seen.every((e) => /^DPoP [\w-]+\.[\w-]+\.[\w-]+$/.test(e.authorization)), 'the DPoP scheme, not Bearer');
      assert.deepEqual(new Set(await Promise.all(seen.map((e) => thumbprint(e.dpop)))), new Set([jkt]));
      // The token the login got serves the API (the client's audience); see `variants`.
      const silent = authorizations(n).map((e) => new URLSearchParams(e.query));
      assert.equal(silent.length, v.fetcherAuthorizes);
      assert.ok(silent.every((q) => q.get('prompt') === 'none' && !q.get('audience')));
    });

    await t.test('a reload keeps the session: no new /authorize, the same key', async () => {
      const n = v.as.log.length;
      await p.reload();
      await until(p, '#status', 'signed-in');
      assert.equal(await text(p, '#who'), 'Alice Example (alice)');
      assert.equal(await text(p, '#page'), 'profile');
      const shown = await callApi(p);
      assert.equal(shown.status, 200);
      assert.equal(shown.tokenJkt, jkt);
      assert.equal(shown.keyJkt, jkt);
      // createAuthGuard lets a signed-in user through without a login.
      await p.click('a[href="/orders"]');
      await until(p, '#page', 'orders');
      assert.deepEqual(authorizations(n), [], 'no new authorization request');
    });

    await t.test('logout ends the session here and at the authorization server', async () => {
      const n = v.as.log.length;
      await p.click('#logout');
      await p.waitForURL((u) => u.origin === v.app.origin && u.pathname === '/' && !u.search);
      await until(p, '#status', 'signed-out');
      const logout = since(v.as.log, n, '/v2/logout');
      assert.equal(logout.length, 1);
      const q = new URLSearchParams(logout[0].query);
      assert.equal(q.get('client_id'), 'spa');
      assert.equal(q.get('returnTo'), v.app.origin);
      assert.equal(logout[0].status, 302, 'back to the app');
      const left = await p.evaluate(() => ({ keys: Object.keys(localStorage), cookie: document.cookie }));
      assert.deepEqual(left.keys.filter((k) => k.startsWith('@@auth0spajs@@')), [], 'no tokens left in localStorage');
      assert.doesNotMatch(left.cookie, /is\.authenticated/, 'no session cookie');
      // The session stays ended after a reload: the plugin checks nothing with the server.
      const m = v.as.log.length;
      await p.reload();
      await until(p, '#status', 'signed-out');
      assert.deepEqual(authorizations(m), []);
    });

    await t.test('createAuthGuard: signed out, the route logs in from scratch (new key) and comes back to it', async () => {
      const n = v.as.log.length;
      await p.goto(`${v.app.origin}/orders?id=7`);
      await until(p, '#status', 'signed-in');
      assert.equal(await text(p, '#page'), 'orders');
      assert.equal(await text(p, '#route'), '/orders?id=7');
      const authorize = authorizations(n);
      assert.equal(authorize.length, 1);
      assert.equal(interactions(n), freshLogin, 'the authorization server had to log alice in again (its session ended)');
      const fresh = new URLSearchParams(authorize[0].query).get('dpop_jkt');
      assert.ok(fresh && fresh !== jkt, 'logout deleted the old key');
      assert.deepEqual(new Set(await Promise.all(tokenRequests(n).map((e) => thumbprint(e.dpop)))), new Set([fresh]));
    });
    await context.close();
  });

  test(`${variant}: loginWithPopup from a real click; then the guarded route and the API`, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(v.app.origin);
    await until(p, '#status', 'signed-out');
    const n = v.as.log.length;
    await p.click('#login-popup');
    await until(p, '#status', 'signed-in');
    assert.equal(await text(p, '#who'), 'Alice Example (alice)');
    assert.equal(await text(p, '#page'), 'home', 'the page stayed where it was');
    const authorize = authorizations(n);
    assert.equal(authorize.length, 1);
    const q = new URLSearchParams(authorize[0].query);
    assert.equal(q.get('response_mode'), 'web_message');
    const jkt = q.get('dpop_jkt');
    for (let i = 0; (await context.pages()).length > 1; i++) {
      assert.ok(i < 200, 'the popup closed');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The guarded route opens without a redirect, and the API takes the token.
    await p.click('a[href="/profile"]');
    await until(p, '#page', 'profile');
    const shown = await callApi(p);
    assert.equal(shown.status, 200);
    assert.equal(shown.tokenJkt, jkt);
    assert.equal(shown.keyJkt, jkt);
    assert.equal(await p.evaluate(() => !!document.getElementById('error')), false, 'nothing in the error ref');
    const later = authorizations(n).slice(1).map((e) => new URLSearchParams(e.query));
    assert.equal(later.length, v.fetcherAuthorizes, 'no redirect login; silent authentication only where the variant needs one');
    assert.ok(later.every((q) => q.get('prompt') === 'none' && !q.get('audience')));
    await context.close();
  });

  test(`${variant}: skipRedirectCallback leaves another callback alone; a stale callback goes to errorPath with the error`, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const n = v.as.log.length;
    // skipRedirectCallback: window.location.pathname === '/other-callback' (the app's setting).
    await p.goto(`${v.app.origin}/other-callback?code=abc&state=xyz`);
    await until(p, '#status', 'signed-out');
    assert.equal(await text(p, '#page'), 'other callback');
    assert.equal(new URL(await p.url()).search, '?code=abc&state=xyz', 'the query is left for its owner');
    assert.equal(await p.evaluate(() => !!document.getElementById('error')), false);
    // A callback URL with no login of ours behind it (a bookmark, a second tab): the plugin's
    // handleRedirectCallback fails, the error is in the error ref, and the router goes to errorPath.
    await p.goto(`${v.app.origin}/?code=abc&state=xyz`);
    await until(p, '#page', 'error');
    assert.equal(await text(p, '#error'), 'missing_transaction: Invalid state');
    assert.equal(await text(p, '#status'), 'signed-out');
    const at = new URL(await p.url());
    assert.equal(at.pathname + at.search, '/error');
    assert.deepEqual(tokenRequests(n), [], 'no code was sent anywhere');
    await context.close();
  });
}
