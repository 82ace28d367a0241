// End to end: the release package in headless Chromium against oidc-provider (a real DPoP
// authorization server, nonces required) and a DPoP resource server, all on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../browser/browser.js';
import { blankPage, inPage } from '../support.js';
import { startServer } from '../browser/server.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';

let browser, app, rs, as;
before(async () => {
  [browser, app] = await Promise.all([launch(), startServer()]);
  rs = await startResourceServer({ allowOrigin: app.origin });
  as = await startAuthServer({ redirectUris: [`${app.origin}/blank.html`], audience: rs.audience });
  rs.trust(as);
});
after(async () => { await browser?.close(); await Promise.all([app?.close(), rs?.close(), as?.close()]); });

const options = (extra = {}) => ({
  domain: as.origin, clientId: 'spa', useDpop: true, useRefreshTokens: true, cacheLocation: 'localstorage',
  authorizationParams: { redirect_uri: `${app.origin}/blank.html`, audience: rs.audience }, ...extra,
});

const page = (context, initScript) => blankPage(context, app.origin, initScript);

async function login(p, opts = options(), authorizationParams = {}) {
  const from = await p.url();
  await Promise.all([
    p.waitForURL((u) => u.href !== from && /[?&](code|error)=/.test(u.search)),
    inPage(p, opts, (client, sdk, ap) => client.loginWithRedirect({ authorizationParams: ap, appState: { back: '/orders' } }), authorizationParams),
  ]);
  return await p.url();
}

const callApi = (client, sdk, url) => client.createFetcher({ dpopNonceId: 'api' })
  .fetchWithAuth(url).then(async (r) => ({ status: r.status, body: await r.json() }));

test('login -> API -> reload -> API (same key) -> forced refresh -> logout -> new login gets a new key', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const callback = await login(p);
  const url = new URL(callback);
  assert.ok(url.searchParams.get('code') && url.searchParams.get('state'));

  const first = await inPage(p, options(), async (client, sdk, api) => {
    const result = await client.handleRedirectCallback();
    const claims = await client.getIdTokenClaims();
    const token = await client.getTokenSilently({ detailedResponse: true });
    const res = await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    return {
      result, user: await client.getUser(), authenticated: await client.isAuthenticated(), iss: claims.iss, raw: typeof claims.__raw,
      tokenType: token.token_type, jkt: await client.getDpopThumbprint(), api: { status: res.status, body: await res.json() },
      cnf: JSON.parse(atob(token.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).cnf,
      asNonce: await client.getDpopNonce(), apiNonce: await client.getDpopNonce('api'),
    };
  }, `${rs.origin}/api/data`);
  assert.deepEqual(first.result, { appState: { back: '/orders' }, response_type: 'code' });
  assert.equal(first.user.sub, 'alice');
  assert.equal(first.user.email, 'alice@example.com');
  assert.equal(first.authenticated, true);
  assert.equal(first.iss, as.issuer);
  assert.equal(first.raw, 'string');
  assert.equal(first.tokenType, 'DPoP');
  assert.equal(first.cnf.jkt, first.jkt, 'the access token is bound to our key');
  assert.equal(first.api.status, 200);
  assert.equal(first.api.body.jkt, first.jkt);
  assert.ok(first.asNonce && first.apiNonce && first.asNonce !== first.apiNonce, 'nonces kept per server');
  const authorize = as.log.find((e) => e.path === '/authorize');
  assert.ok(authorize, 'went through /authorize');
  const tokenCalls = as.log.filter((e) => e.path === '/oauth/token' && e.method === 'POST');
  assert.equal(tokenCalls.length, 2, 'one nonce retry at the token endpoint');
  assert.ok(tokenCalls.every((e) => e.dpop), 'every token request carries a proof');

  await p.reload();
  const second = await inPage(p, options(), async (client, sdk, api) => {
    const res = await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    const before = await client.getTokenSilently();
    const refreshed = await client.getTokenSilently({ cacheMode: 'off' });
    const again = await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    return { status: res.status, jkt: (await res.json()).jkt, changed: before !== refreshed, again: again.status, authenticated: await client.isAuthenticated() };
  }, `${rs.origin}/api/data`);
  assert.equal(second.authenticated, true, 'session restored from the cache after reload');
  assert.equal(second.status, 200);
  assert.equal(second.jkt, first.jkt, 'same key after reload');
  assert.equal(second.changed, true, 'cacheMode off refreshed the token');
  assert.equal(second.again, 200, 'the refreshed token works');

  const loggedOut = await inPage(p, options(), async (client) => {
    let logoutUrl;
    await client.logout({ openUrl: (u) => { logoutUrl = u; }, logoutParams: { returnTo: location.origin + '/' } });
    return { logoutUrl, authenticated: await client.isAuthenticated(), keys: Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@')) };
  });
  const lu = new URL(loggedOut.logoutUrl);
  assert.equal(lu.origin + lu.pathname, `${as.origin}/v2/logout`);
  assert.equal(lu.searchParams.get('client_id'), 'spa');
  assert.equal(lu.searchParams.get('returnTo'), `${app.origin}/`);
  assert.equal(loggedOut.authenticated, false);
  assert.deepEqual(loggedOut.keys, []);

  await login(p);
  const third = await inPage(p, options(), async (client) => {
    await client.handleRedirectCallback();
    return client.getDpopThumbprint();
  });
  assert.notEqual(third, first.jkt, 'a new login after logout uses a new key');
  await context.close();
});

test('the resource server refuses a replayed (token, proof) pair and the token as Bearer', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await login(p);
  await inPage(p, options(), async (client, sdk, api) => {
    await client.handleRedirectCallback();
    await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
  }, `${rs.origin}/api/data`);
  const ok = rs.log.filter((e) => e.result === 'ok').at(-1);
  const replay = await fetch(`${rs.origin}/api/data`, { headers: { authorization: ok.authorization, dpop: ok.dpop } });
  assert.equal(replay.status, 401);
  assert.match(replay.headers.get('www-authenticate'), /invalid_dpop_proof/);
  const bearer = await fetch(`${rs.origin}/api/data`, { headers: { authorization: ok.authorization.replace(/^DPoP/, 'Bearer') } });
  assert.equal(bearer.status, 401);
  await context.close();
});

// Two tabs of one signed-in session, and a step that gets a token and calls the API with it.
async function signedInTabs(context) {
  const p1 = await page(context);
  await login(p1);
  await inPage(p1, options(), (client) => client.handleRedirectCallback());
  return [p1, await page(context)];
}
const tokenThenApi = (p, cacheMode) => inPage(p, options(), async (client, sdk, [api, cacheMode]) => {
  const token = await client.getTokenSilently({ cacheMode });
  const res = await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
  return { token, status: res.status };
}, [`${rs.origin}/api/data`, cacheMode]);
const refreshes = () => as.log.filter((e) => e.path === '/oauth/token' && e.method === 'POST' && e.status === 200).length;

test('two tabs refreshing at once both end with a valid token although refresh tokens rotate', async () => {
  const context = await browser.newContext();
  const [p1, p2] = await signedInTabs(context);
  const before = refreshes();
  const [a, b] = await Promise.all([tokenThenApi(p1, 'off'), tokenThenApi(p2, 'off')]);
  assert.deepEqual([a.status, b.status], [200, 200]);
  assert.notEqual(a.token, b.token, 'each tab refreshed, one after the other');
  assert.equal(refreshes() - before, 2, 'two successful refreshes: the second used the rotated token');
  // And the chain is still alive afterwards.
  assert.equal((await tokenThenApi(p1, 'off')).status, 200);
  await context.close();
});

test('two tabs needing a refresh at once: one refresh, the other tab reads its result under the lock', async () => {
  const context = await browser.newContext();
  const [p1, p2] = await signedInTabs(context);
  // Make the cached access token stale (the refresh token stays valid).
  await p1.evaluate(() => {
    for (const k of Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@') && !k.endsWith('@@user@@'))) {
      const w = JSON.parse(localStorage.getItem(k));
      w.expiresAt = Math.floor(Date.now() / 1000) - 10;
      localStorage.setItem(k, JSON.stringify(w));
    }
  });
  const before = refreshes();
  const [a, b] = await Promise.all([tokenThenApi(p1, 'on'), tokenThenApi(p2, 'on')]);
  assert.deepEqual([a.status, b.status], [200, 200]);
  assert.equal(a.token, b.token, 'the second tab took the token the first one refreshed');
  assert.equal(refreshes() - before, 1, 'exactly one refresh');
  await context.close();
});

test('after a logout and a new login in one tab, another open tab uses the new key without a reload', async () => {
  const context = await browser.newContext();
  const p1 = await page(context);
  const p2 = await page(context);
  await login(p1);
  await inPage(p1, options(), (client) => client.handleRedirectCallback());
  // p2 keeps one client (and its loaded key) alive across the other tab's logout and login.
  const oldJkt = await p2.evaluate(async (opts) => {
    const sdk = await import('/pkg/index.js');
    window.keep = await sdk.createAuth0Client(opts);
    return window.keep.getDpopThumbprint();
  }, options());
  await inPage(p1, options(), (client) => client.logout({ openUrl: false }));
  await login(p1);
  const newJkt = await inPage(p1, options(), async (client) => { await client.handleRedirectCallback(); return client.getDpopThumbprint(); });
  assert.notEqual(newJkt, oldJkt);
  const r = await p2.evaluate(async (api) => {
    const res = await window.keep.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    return { status: res.status, jkt: await window.keep.getDpopThumbprint() };
  }, `${rs.origin}/api/data`);
  assert.deepEqual(r, { status: 200, jkt: newJkt });
  await context.close();
});

test('a tampered state, an access_denied callback and a callback handled twice are errors that store nothing', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const callback = await login(p);
  const r = await inPage(p, options(), async (client, sdk, cb) => {
    const tampered = cb.replace(/state=[^&]+/, 'state=forged');
    const out = {};
    try { await client.handleRedirectCallback(tampered); } catch (e) { out.tampered = { cls: e instanceof sdk.AuthenticationError, error: e.error, state: e.state }; }
    try { await client.handleRedirectCallback(cb); } catch (e) { out.twice = { error: e.error }; }
    out.authenticated = await client.isAuthenticated();
    return out;
  }, callback);
  assert.deepEqual(r.tampered, { cls: true, error: 'state_mismatch', state: 'forged' });
  assert.deepEqual(r.twice, { error: 'missing_transaction' }, 'the transaction is single-use');
  assert.equal(r.authenticated, false);

  const denied = await login(p, options(), { login_hint: 'deny' });
  assert.match(denied, /error=access_denied/);
  const d = await inPage(p, options(), async (client, sdk) => {
    try { await client.handleRedirectCallback(); } catch (e) {
      return { cls: e instanceof sdk.AuthenticationError, error: e.error, description: e.error_description, state: typeof e.state, appState: e.appState, authenticated: await client.isAuthenticated() };
    }
  });
  assert.deepEqual(d, { cls: true, error: 'access_denied', description: 'The user refused', state: 'string', appState: { back: '/orders' }, authenticated: false });
  await context.close();
});

test('login with IndexedDB taken away: no dpop_jkt, tokens for the page only, API works', async () => {
  const context = await browser.newContext();
  const p = await page(context, () => { Object.defineProperty(window, 'indexedDB', { get: () => undefined }); });
  const authorizeBefore = as.log.filter((e) => e.path === '/authorize').length;
  await login(p);
  const authorize = as.log.filter((e) => e.path === '/authorize')[authorizeBefore];
  assert.ok(authorize);
  const r = await inPage(p, options(), async (client, sdk, api) => {
    await client.handleRedirectCallback();
    const res = await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    return { status: res.status, stored: Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@')).length, authenticated: await client.isAuthenticated() };
  }, `${rs.origin}/api/data`);
  assert.deepEqual(r, { status: 200, stored: 0, authenticated: true });
  assert.ok((await p.consoleMessages()).some((w) => w.includes('idb_unavailable')));
  await context.close();
});

test('errors: missing refresh token, login_required, non-JSON token answers name the status', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const r = await inPage(p, options({ cacheLocation: 'memory' }), async (client, sdk, opts) => {
    const out = {};
    try { await client.getTokenSilently(); } catch (e) { out.missingRt = { cls: e instanceof sdk.MissingRefreshTokenError, error: e.error }; }
    // No refresh tokens and no session at the server: silent authentication says login_required.
    const plain = new sdk.Auth0Client({ ...opts, useRefreshTokens: false, cacheLocation: 'memory' });
    try { await plain.getTokenSilently(); } catch (e) { out.loginRequired = e.error; }
    return out;
  }, options());
  assert.deepEqual(r, { missingRt: { cls: true, error: 'missing_refresh_token' }, loginRequired: 'login_required' });
  await context.close();
});

test('a failing token endpoint (5xx, non-JSON) gives a coded error naming the status and keeps the session', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await login(p);
  const before = await inPage(p, options(), async (client) => {
    await client.handleRedirectCallback();
    return client.getTokenSilently();
  });
  as.failTokenRequest(502, '<html>Bad gateway</html>');
  as.failTokenRequest(500, JSON.stringify({ error: 'server_error', error_description: 'down' }), 'application/json');
  const r = await inPage(p, options(), async (client, sdk) => {
    const out = {};
    for (const name of ['html', 'json']) {
      try { await client.getTokenSilently({ cacheMode: 'off' }); out[name] = 'resolved'; } catch (e) {
        out[name] = { generic: e instanceof sdk.GenericError, syntax: e instanceof SyntaxError, error: e.error, code: e.code, status: e.status, message: e.message };
      }
    }
    out.after = await client.getTokenSilently();
    out.authenticated = await client.isAuthenticated();
    return out;
  });
  assert.deepEqual(r.html, { generic: true, syntax: false, error: 'invalid_response', code: 'invalid_response', status: 502, message: r.html.message });
  assert.match(r.html.message, /HTTP 502/);
  assert.equal(r.json.error, 'server_error');
  assert.equal(r.json.status, 500);
  assert.match(r.json.message, /down \(HTTP 500\)/);
  assert.equal(r.after, before, 'the stored session is as it was');
  assert.equal(r.authenticated, true);
  await context.close();
});

test('a callback handled twice, and an ID token from an unexpected issuer, store nothing', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const cb = await login(p);
  const r = await inPage(p, options(), async (client, sdk, cb) => {
    await client.handleRedirectCallback(cb);
    try { await client.handleRedirectCallback(cb); return 'resolved'; } catch (e) { return { error: e.error, authenticated: await client.isAuthenticated() }; }
  }, cb);
  assert.deepEqual(r, { error: 'missing_transaction', authenticated: true });

  const ctx2 = await browser.newContext();
  const p2 = await page(ctx2);
  await login(p2, options({ issuer: 'http://issuer.invalid' }));
  const bad = await inPage(p2, options({ issuer: 'http://issuer.invalid' }), async (client) => {
    try { await client.handleRedirectCallback(); return 'resolved'; } catch (e) { return { error: e.error, message: e.message, authenticated: await client.isAuthenticated() }; }
  });
  assert.equal(bad.error, 'invalid_id_token');
  assert.match(bad.message, /iss/);
  assert.equal(bad.authenticated, false);
  await context.close();
  await ctx2.close();
});

test('a custom cache without allKeys: the session lives in it, and logout empties it', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await login(p, options({ cacheLocation: 'memory' }));
  const r = await p.evaluate(async ([opts, api]) => {
    const sdk = await import('/pkg/index.js');
    const store = new Map();
    const cache = { get: (k) => store.get(k), set: (k, v) => { store.set(k, v); }, remove: (k) => { store.delete(k); } };
    const client = await sdk.createAuth0Client({ ...opts, cache });
    await client.handleRedirectCallback();
    const res = await client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    const before = store.size;
    await client.logout({ openUrl: false });
    let after;
    try { await client.getTokenSilently(); after = 'token'; } catch (e) { after = e.error; }
    return { status: res.status, before, left: [...store.keys()], after };
  }, [options({ cacheLocation: 'memory' }), `${rs.origin}/api/data`]);
  assert.equal(r.status, 200);
  assert.ok(r.before >= 2);
  assert.deepEqual(r.left, []);
  assert.equal(r.after, 'missing_refresh_token');
  await context.close();
});
