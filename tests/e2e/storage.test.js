// Storage is input. Garbage planted under the SDK's own keys is never returned as a token or a
// user, and is removed: a number as access_token, an entry without expiresAt, invalid JSON,
// auth0-spa-js's own entry (no jkt), a malformed user entry, a login transaction with fields
// missing. A full quota is a coded error that writes nothing half, loses no token (the page
// keeps them unsaved), and the next attempt works once there is room.
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

const options = () => ({
  domain: as.origin, clientId: 'spa', useDpop: true, useRefreshTokens: true, cacheLocation: 'localstorage',
  authorizationParams: { redirect_uri: `${app.origin}/blank.html`, audience: rs.audience },
});
const tokenKey = () => `@@auth0spajs@@::spa::${rs.audience}::openid profile email offline_access`;
const USER_KEY = '@@auth0spajs@@::spa::@@user@@';

async function login(p) {
  const from = await p.url();
  await Promise.all([
    p.waitForURL((u) => u.href !== from && /[?&]code=/.test(u.search)),
    inPage(p, options(), (client) => client.loginWithRedirect()),
  ]);
  await inPage(p, options(), (client) => client.handleRedirectCallback());
}

// Fills the origin's localStorage (or sessionStorage) until a write of one character fails.
const fill = (p, area = 'localStorage') => p.evaluate((area) => {
  const s = globalThis[area];
  let n = 0;
  for (let size = 1 << 20; size >= 1; size >>= 1) {
    const chunk = 'x'.repeat(size);
    try { for (;;) s.setItem(`filler-${n++}`, chunk); } catch { /* full at this size */ }
  }
  return n;
}, area);
const unfill = (p, area = 'localStorage') => p.evaluate((area) => {
  for (const k of Object.keys(globalThis[area])) if (k.startsWith('filler-')) globalThis[area].removeItem(k);
}, area);

test('planted garbage under the SDK\'s keys is treated as absent, removed, never returned', async () => {
  const now = Math.floor(Date.now() / 1000);
  const body = { client_id: 'spa', audience: rs.audience, scope: 'openid profile email offline_access', token_type: 'DPoP', expires_in: 3600 };
  const planted = {
    'a number as access_token': JSON.stringify({ body: { ...body, access_token: 42, jkt: 'x'.repeat(43) }, expiresAt: now + 3600 }),
    'an entry without expiresAt': JSON.stringify({ body: { ...body, access_token: 'at', jkt: 'x'.repeat(43) } }),
    'invalid JSON': '{"body": {"access_token": "at"',
    "auth0-spa-js's own entry (a DPoP token with no jkt)": JSON.stringify({ body: { ...body, access_token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig', id_token: 'x.y.z', oauthTokenScope: body.scope }, expiresAt: now + 3600 }),
    'a string': JSON.stringify('eyJhbGciOiJSUzI1NiJ9.e30.sig'),
  };
  const context = await browser.newContext();
  const p = await blankPage(context, app.origin);
  for (const [what, raw] of Object.entries(planted)) {
    const r = await p.evaluate(async ([opts, key, raw, userKey]) => {
      localStorage.clear();
      localStorage.setItem(key, raw);
      localStorage.setItem(userKey, JSON.stringify({ id_token: 'x', decodedToken: { claims: 7, user: 'alice' } }));
      const sdk = await import('/pkg/index.js');
      const client = new sdk.Auth0Client(opts);
      const cached = await client.getTokenSilently({ cacheMode: 'cache-only' });
      let error;
      try { await client.getTokenSilently(); } catch (e) { error = { code: e.error, generic: e instanceof sdk.GenericError }; }
      return { cached: cached ?? null, error, left: localStorage.getItem(key), user: (await client.getUser()) ?? null, claims: (await client.getIdTokenClaims()) ?? null, authenticated: await client.isAuthenticated(), userLeft: localStorage.getItem(userKey) };
    }, [options(), tokenKey(), raw, USER_KEY]);
    assert.equal(r.cached, null, `${what}: not returned from the cache`);
    assert.ok(r.error && typeof r.error.code === 'string' && r.error.generic, `${what}: getTokenSilently throws a coded error (${JSON.stringify(r.error)})`);
    assert.equal(r.left, null, `${what}: removed`);
    assert.deepEqual([r.user, r.claims, r.authenticated, r.userLeft], [null, null, false, null], `${what}: the malformed user entry is no user, and removed`);
  }
  assert.equal(as.log.filter((e) => e.path === '/oauth/token').length, 0, 'nothing planted was sent anywhere');
  await context.close();
});

test('a login transaction with missing fields is no transaction: missing_transaction, removed, no code exchange', async () => {
  const context = await browser.newContext();
  const p = await blankPage(context, app.origin);
  await p.goto(`${app.origin}/blank.html?code=abc&state=s1`);
  const before = as.log.length;
  for (const tx of [{ state: 's1' }, { state: 's1', nonce: 'n', code_verifier: 7, scope: 'openid', audience: 'a' }, 'not an object', null]) {
    const r = await p.evaluate(async ([opts, tx]) => {
      sessionStorage.setItem('a0.spajs.txs.spa', JSON.stringify(tx));
      const sdk = await import('/pkg/index.js');
      const client = new sdk.Auth0Client(opts);
      try { await client.handleRedirectCallback(); return { ok: true }; } catch (e) { return { code: e.error, left: sessionStorage.getItem('a0.spajs.txs.spa') }; }
    }, [options(), tx]);
    assert.deepEqual(r, { code: 'missing_transaction', left: null }, JSON.stringify(tx));
  }
  assert.equal(as.log.slice(before).filter((e) => e.path === '/oauth/token').length, 0);
  await context.close();
});

test('a full localStorage at the code exchange: storage_full, nothing half-written, the tokens kept; works once there is room', async () => {
  const context = await browser.newContext();
  const p = await blankPage(context, app.origin);
  const from = await p.url();
  await Promise.all([
    p.waitForURL((u) => u.href !== from && /[?&]code=/.test(u.search)),
    inPage(p, options(), (client) => client.loginWithRedirect()),
  ]);
  assert.ok(await fill(p) > 0);
  const stored = () => p.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('filler-')));
  const full = await inPage(p, options(), async (client, sdk) => {
    try { await client.handleRedirectCallback(); return { ok: true }; } catch (e) { return { code: e.error, generic: e instanceof sdk.GenericError, cause: e.cause?.name }; }
  });
  assert.deepEqual(full, { code: 'storage_full', generic: true, cause: 'QuotaExceededError' });
  assert.deepEqual(await stored(), [], 'nothing half-written: neither the user nor the token entry');
  // Still full: the same client says so again (it still holds the tokens, unsaved).
  assert.equal(await p.evaluate(async () => { try { await window.client.getTokenSilently(); return 'ok'; } catch (e) { return e.error; } }), 'storage_full');

  await unfill(p);
  const after = await p.evaluate(async (api) => {
    const token = await window.client.getTokenSilently(); // the kept tokens, written now
    const keys = Object.keys(localStorage);
    const refreshed = await window.client.getTokenSilently({ cacheMode: 'off' }); // its refresh token was kept too
    const res = await window.client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    return { token: typeof token, keys: keys.length, user: (await window.client.getUser())?.sub, refreshed: refreshed !== token, api: res.status };
  }, `${rs.origin}/api/data`);
  assert.deepEqual(after, { token: 'string', keys: 2, user: 'alice', refreshed: true, api: 200 });
  await context.close();
});

test('a full sessionStorage at loginWithRedirect: storage_full, no redirect, no transaction; works once there is room', async () => {
  const context = await browser.newContext();
  const p = await blankPage(context, app.origin);
  await fill(p, 'sessionStorage');
  const r = await inPage(p, options(), async (client) => {
    try { await client.loginWithRedirect({ openUrl: () => { window.opened = true; } }); return { ok: true }; } catch (e) { return { code: e.error, opened: !!window.opened, tx: sessionStorage.getItem('a0.spajs.txs.spa') }; }
  });
  assert.deepEqual(r, { code: 'storage_full', opened: false, tx: null });
  await unfill(p, 'sessionStorage');
  const ok = await p.evaluate(async () => { await window.client.loginWithRedirect({ openUrl: () => { window.opened = true; } }); return { opened: window.opened, tx: !!sessionStorage.getItem('a0.spajs.txs.spa') }; });
  assert.deepEqual(ok, { opened: true, tx: true });
  await context.close();
});
