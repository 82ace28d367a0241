// Tab storms: five tabs of one browser profile (pages of one context, one origin) with
// `cacheLocation: 'localstorage'`, `useRefreshTokens` and `useDpop`, against oidc-provider,
// which rotates refresh tokens and, when a spent one comes back, revokes the whole grant
// (reuse detection: oidc-provider 9's refresh_token grant destroys the token and revokes its
// grant on `consumed`). What the AS handled is read from its own events.
//   1. Access tokens that expire together in five tabs: every tab refreshes at that moment,
//      one refresh reaches the server, each tab calls the API with a valid token, no refresh
//      token is used twice and the grant stays alive. Calibrated: the spent refresh token,
//      presented again, does revoke the grant here.
//   2. Five tabs opening at once on a fresh profile: one key, the same thumbprint everywhere.
//   3. One tab logs out while another's refresh is in flight: every tab ends signed out; also
//      when the logging-out tab is slow to delete the key (its wasm still loading), and no
//      key is made for the refresh that lost.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { launch } from '../browser/browser.js';
import { startServer } from '../browser/server.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';
import { blankPage, inPage, poll } from '../support.js';

const TABS = 5;
// The SDK counts a cached token stale 60 s before it expires: a 68 s token is fresh for 8 s.
const FRESH_FOR = 8;

let browser, app, rs, as;
// Every token request oidc-provider handled (its grant.success / grant.error events), and the
// grants it revoked.
const grants = [];
const revoked = [];
before(async () => {
  [browser, app] = await Promise.all([launch(), startServer()]);
  rs = await startResourceServer({ allowOrigin: app.origin });
  as = await startAuthServer({ redirectUris: [`${app.origin}/blank.html`], audience: rs.audience, accessTokenTTL: 60 + FRESH_FOR });
  rs.trust(as);
  const record = (ctx, err) => grants.push({
    at: Date.now(), grantType: ctx.oidc?.params?.grant_type, refreshToken: ctx.oidc?.params?.refresh_token,
    ok: !err, error: err?.error, description: err?.error_description,
  });
  as.provider.on('grant.success', (ctx) => record(ctx));
  as.provider.on('grant.error', (ctx, err) => record(ctx, err));
  as.provider.on('grant.revoked', (ctx, grantId) => revoked.push(grantId));
});
after(async () => { await browser?.close(); await Promise.all([app?.close(), rs?.close(), as?.close()]); });
afterEach(() => { as.unhook(); app.delay('/pkg/dpop_spa_bg.wasm', 0); });

const API = () => `${rs.origin}/api/data`;
const options = () => ({
  domain: as.origin, clientId: 'spa', useDpop: true, useRefreshTokens: true, cacheLocation: 'localstorage',
  authorizationParams: { redirect_uri: `${app.origin}/blank.html`, audience: rs.audience },
});
const page = (context) => blankPage(context, app.origin);
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
const refreshGrants = (from) => grants.slice(from).filter((g) => g.grantType === 'refresh_token');
// A refresh request that got past the DPoP checks presented its refresh token to the grant;
// one refused for its nonce (use_dpop_nonce, checked first) did not, and is sent again.
const presented = (list) => list.filter((g) => g.error !== 'use_dpop_nonce');

// Polls `fn` in Node until it returns something truthy.
async function until(fn, what, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function redirectLogin(p) {
  const from = await p.url();
  await Promise.all([
    p.waitForURL((u) => u.href !== from && /[?&]code=/.test(u.search)),
    inPage(p, options(), (client) => client.loginWithRedirect()),
  ]);
  await inPage(p, options(), (client) => client.handleRedirectCallback());
}

// Five tabs of a new context; the first signs in, then each starts the app (createAuth0Client,
// whose session check reads the shared cache) and keeps its client as window.client.
async function signedInTabs() {
  const context = await browser.newContext();
  const tabs = [];
  for (let i = 0; i < TABS; i++) tabs.push(await page(context));
  await redirectLogin(tabs[0]);
  const started = await Promise.all(tabs.map((p) => inPage(p, options(), async (client) => ({
    authenticated: await client.isAuthenticated(), token: await client.getTokenSilently({ cacheMode: 'cache-only' }),
  }))));
  for (const [i, s] of started.entries()) assert.equal(s.authenticated, true, `tab ${i} starts signed in`);
  return { context, tabs, token: started[0].token };
}

// What this origin's localStorage holds for the SDK, as one tab sees it.
const stored = (p) => p.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('@@auth0spajs@@')));

test('five tabs whose access tokens expire together: one refresh, every tab calls the API with a valid token, no refresh token used twice, the grant alive', async () => {
  const { context, tabs, token: first } = await signedInTabs();
  const entries = (await stored(tabs[0])).filter(([k]) => !k.endsWith('@@user@@')).map(([, v]) => JSON.parse(v));
  assert.equal(entries.length, 1, 'one token entry, shared by the tabs');
  const [{ expiresAt, body: { refresh_token: issued } }] = entries;
  assert.equal(issued, as.refreshTokens.at(-1), 'the entry holds the refresh token the login got');
  // The moment the token turns stale, as the tabs count it; each tab calls the API then (on its
  // own clock, so WebDriver's one-window-at-a-time does not stagger them). A slow token
  // endpoint keeps the storm together while the first refresh is out.
  const staleAt = (expiresAt - 60) * 1000 + 100;
  assert.ok(staleAt > Date.now() + 300, 'the tabs were ready before their tokens turned stale');
  for (const s of await Promise.all(tabs.map((p) => p.evaluate(() => window.client.getTokenSilently({ cacheMode: 'cache-only' }))))) {
    assert.equal(s, first, 'every tab holds the same fresh token before the storm');
  }
  as.hook('/oauth/token', { delay: 2000 });
  const v0 = revoked.length;
  const g0 = grants.length;
  const l0 = as.log.length;
  const r0 = rs.log.length;
  await Promise.all(tabs.map((p) => p.evaluate(([at, api]) => {
    window.storm = null;
    setTimeout(() => {
      const firedAt = Date.now();
      window.client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api).then(
        async (res) => { window.storm = { firedAt, status: res.status, body: await res.json() }; },
        (e) => { window.storm = { firedAt, error: `${e?.error ?? e?.name}: ${e?.message}` }; });
    }, at - Date.now());
  }, [staleAt, API()])));
  const results = await Promise.all(tabs.map((p) => poll(p, () => window.storm, undefined, 45000)));
  const jkt = await tabs[0].evaluate(() => window.client.getDpopThumbprint());
  for (const [i, r] of results.entries()) {
    assert.equal(r.error, undefined, `tab ${i}: ${r.error}`);
    assert.equal(r.status, 200, `tab ${i} called the API with a valid token`);
    assert.deepEqual([r.body.sub, r.body.jkt], ['alice', jkt], `tab ${i}: the token is alice's, bound to the one key`);
    assert.ok(r.firedAt >= staleAt, `tab ${i} called once its token was stale`);
  }

  // The storm: every tab fired before the one refresh had come back.
  const tokenPosts = as.log.slice(l0).filter((e) => e.path === '/oauth/token' && e.method === 'POST');
  const ok = tokenPosts.filter((e) => e.status === 200);
  assert.equal(ok.length, 1, `one refresh for five tabs (${tokenPosts.length} token requests, nonce retries included)`);
  for (const [i, r] of results.entries()) assert.ok(r.firedAt < ok[0].end, `tab ${i} wanted a token while the refresh was out`);
  const spread = Math.max(...results.map((r) => r.firedAt)) - Math.min(...results.map((r) => r.firedAt));

  // Nothing refused, nothing presented twice, nothing revoked.
  const storm = refreshGrants(g0);
  assert.deepEqual(storm.filter((g) => !g.ok && g.error !== 'use_dpop_nonce'), [], 'no refresh was refused');
  assert.deepEqual(presented(storm).map((g) => g.refreshToken), [issued], 'the login\'s refresh token was presented once');
  assert.deepEqual(revoked.slice(v0), [], 'no grant was revoked');

  // Every tab now holds the one new token, which the API took from each tab.
  const after = await Promise.all(tabs.map((p) => p.evaluate(() => window.client.getTokenSilently({ cacheMode: 'cache-only' }))));
  assert.equal(new Set(after).size, 1, 'one token in every tab');
  assert.notEqual(after[0], first, 'a new one');
  assert.equal(claimsOf(after[0]).cnf.jkt, jkt);
  const used = rs.log.slice(r0).filter((e) => e.result === 'ok').map((e) => e.authorization);
  assert.deepEqual(used, Array(TABS).fill(`DPoP ${after[0]}`), 'each tab\'s API call carried the new token');

  // The grant is alive: the rotated refresh token is unspent, its grant exists, and another
  // tab refreshes with it (the AS answers with yet another, and the API takes the new token).
  as.unhook();
  const rotated = as.refreshTokens.at(-1);
  assert.notEqual(rotated, issued);
  const rt = await as.provider.RefreshToken.find(rotated);
  assert.ok(rt && !rt.consumed, 'the newest refresh token is unspent');
  assert.ok(await as.provider.Grant.find(rt.grantId), 'and its grant exists');
  const g1 = grants.length;
  const further = await tabs[TABS - 1].evaluate(async (api) => {
    const token = await window.client.getTokenSilently({ cacheMode: 'off' });
    const res = await window.client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api);
    return { token, status: res.status };
  }, API());
  assert.equal(further.status, 200, 'a further refresh works');
  assert.notEqual(further.token, after[0]);
  assert.deepEqual(presented(refreshGrants(g1)).map((g) => [g.refreshToken, g.ok]), [[rotated, true]], 'with the rotated refresh token, once');
  const all = presented(refreshGrants(g0)).map((g) => g.refreshToken);
  assert.equal(new Set(all).size, all.length, 'no refresh token was presented twice');
  assert.deepEqual(revoked.slice(v0), []);

  // Calibration: this AS does detect reuse. The login's refresh token, spent in the storm,
  // presented again (by a tab, with the key it is bound to) revokes the grant, and the tabs'
  // refresh token stops working.
  const reuse = await tabs[TABS - 1].evaluate(async ([token, spent]) => {
    let nonce = await window.client.getDpopNonce();
    for (let attempt = 0; ; attempt++) {
      const dpop = await window.client.generateDpopProof({ url: token, method: 'POST', nonce });
      const res = await fetch(token, {
        method: 'POST', headers: { dpop, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'spa', refresh_token: spent }),
      });
      const body = await res.json();
      if (body.error !== 'use_dpop_nonce' || attempt) return { status: res.status, error: body.error };
      nonce = res.headers.get('dpop-nonce');
    }
  }, [`${as.origin}/oauth/token`, issued]);
  assert.deepEqual(reuse, { status: 400, error: 'invalid_grant' }, 'a spent refresh token is refused');
  assert.deepEqual(revoked.slice(v0), [rt.grantId], 'and its grant revoked');
  const dead = await tabs[0].evaluate(() => window.client.getTokenSilently({ cacheMode: 'off' }).then(() => 'token', (e) => e.error));
  assert.equal(dead, 'invalid_grant', 'the rotated refresh token died with the grant');
  console.log(`# storm: ${TABS} tabs fired within ${spread} ms, ${tokenPosts.length} token request(s), ${ok.length} refresh`);
  await context.close();
});

test('five tabs opening at once on a fresh profile create one key: the same thumbprint in every tab, one record in IndexedDB', async () => {
  const context = await browser.newContext();
  const tabs = [];
  for (let i = 0; i < TABS; i++) tabs.push(await page(context));
  const before = await tabs[0].evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.deepEqual(before, [], 'a fresh profile: no database yet');
  // Each tab starts the app at the same moment: it loads the SDK, makes the client and asks for
  // its key. The start is one BroadcastChannel message, which reaches background tabs at once
  // (their timers may be throttled); the first tab sends it and starts too.
  await Promise.all(tabs.map((p, i) => p.evaluate(([first, opts]) => {
    window.boot = null;
    // Key generation as slow as on a slow device (300 ms): a tab that finds no stored key
    // meanwhile makes its own, so the tabs race to store theirs.
    let generated = 0;
    const gen = crypto.subtle.generateKey.bind(crypto.subtle);
    crypto.subtle.generateKey = (...a) => { generated += 1; return new Promise((r) => setTimeout(r, 300)).then(() => gen(...a)); };
    const start = async () => {
      const startedAt = Date.now();
      try {
        const sdk = await import('/pkg/index.js');
        const client = window.client = await sdk.createAuth0Client(opts);
        const jkt = await client.getDpopThumbprint();
        const proof = await client.generateDpopProof({ url: location.href, method: 'GET' });
        window.boot = { startedAt, jkt, proof, generated };
      } catch (e) {
        window.boot = { startedAt, error: `${e?.name}: ${e?.message}` };
      }
    };
    const gun = window.gun = new BroadcastChannel('tabs-test-start');
    if (!first) gun.onmessage = start;
    window.fire = () => { gun.postMessage('go'); start(); };
  }, [i === 0, options()])));
  await tabs[0].evaluate(() => { window.fire(); });
  const boots = await Promise.all(tabs.map((p) => poll(p, () => window.boot, undefined, 45000)));
  for (const [i, b] of boots.entries()) assert.equal(b.error, undefined, `tab ${i}: ${b.error}`);
  const jkts = boots.map((b) => b.jkt);
  assert.equal(new Set(jkts).size, 1, `one thumbprint in every tab (${jkts.join(' ')})`);
  // Each tab signs with that key (the proof's own jwk, thumbprinted here).
  for (const [i, b] of boots.entries()) {
    assert.equal(await calculateJwkThumbprint(decodeProtectedHeader(b.proof).jwk), jkts[0], `tab ${i} signs with the one key`);
  }
  const db = await tabs[0].evaluate(async () => {
    const open = indexedDB.open('dpop-spa');
    const conn = await new Promise((resolve, reject) => { open.onsuccess = () => resolve(open.result); open.onerror = () => reject(open.error); });
    const all = (store, what) => new Promise((resolve, reject) => {
      const r = conn.transaction(store, 'readonly').objectStore(store)[what]();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const [names, pairs] = [await all('keys', 'getAllKeys'), await all('keys', 'getAll')];
    conn.close();
    const jwks = await Promise.all(pairs.map(async (pair) => {
      const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
      return { crv, kty, x, y };
    }));
    return { names, jwks, extractable: pairs.map((pair) => pair.privateKey.extractable) };
  });
  assert.deepEqual(db.names, ['spa'], 'IndexedDB holds one key record, the client\'s');
  assert.equal(await calculateJwkThumbprint(db.jwks[0]), jkts[0], 'and it is the key every tab uses');
  assert.deepEqual(db.extractable, [false]);
  const generated = boots.map((b) => b.generated);
  const spread = Math.max(...boots.map((b) => b.startedAt)) - Math.min(...boots.map((b) => b.startedAt));
  assert.ok(generated.every((n) => n <= 1), 'at most one key generated per tab');
  assert.ok(generated.filter((n) => n === 1).length >= 2, `the tabs raced: more than one made a key before one was stored (${generated.join(' ')})`);
  console.log(`# fresh profile: ${TABS} tabs started within ${spread} ms; keys generated per tab: ${generated.join(' ')}; one stored`);
  await context.close();
});

test('one tab logs out while another is refreshing: every tab ends signed out, the tab whose refresh was in flight too', async () => {
  const { context, tabs } = await signedInTabs();
  const [leaver, refresher] = tabs;
  // The refreshing tab talks to the AS once first, so its refresh below is one request (it
  // holds the AS's nonce) and the logout lands on the request whose answer has tokens.
  assert.equal(typeof await refresher.evaluate(() => window.client.getTokenSilently({ cacheMode: 'off' })), 'string');
  as.hook('/oauth/token', { delay: 2500 });
  const l0 = as.log.length;
  const t0 = as.refreshTokens.length;
  await refresher.evaluate(async () => {
    const sdk = await import('/pkg/index.js');
    window.pending = null;
    window.client.getTokenSilently({ cacheMode: 'off' }).then(
      (t) => { window.pending = { resolved: typeof t }; },
      (e) => { window.pending = { error: e?.error, code: e?.code, coded: e instanceof sdk.GenericError }; });
  });
  const inflight = await until(() => as.log.slice(l0).find((e) => e.path === '/oauth/token' && e.method === 'POST'), 'the refresh at the AS');
  assert.equal(inflight.status, undefined, 'the refresh is in flight');

  // The other tab logs out as an app does: the SDK clears the local session, then the browser
  // goes to the AS's /v2/logout and back to returnTo.
  const from = await leaver.url();
  await Promise.all([
    leaver.waitForURL((u) => u.href !== from && u.pathname === '/blank.html'),
    leaver.evaluate(() => window.client.logout({ logoutParams: { returnTo: `${location.origin}/blank.html` } })),
  ]);
  const logoutAt = as.log.slice(l0).find((e) => e.path === '/v2/logout');
  assert.ok(logoutAt, 'the logout reached the AS');
  assert.ok(inflight.end === undefined || logoutAt.start < inflight.end, 'the logout (its local part done) came while the refresh was in flight');

  const outcome = await poll(refresher, () => window.pending, undefined, 30000);
  assert.equal(outcome.resolved, undefined, 'the refresh in flight did not resolve a token');
  assert.ok(outcome.coded && typeof outcome.code === 'string', `it rejected with a coded error (${JSON.stringify(outcome)})`);
  // The AS's answer (if the tab still listened): tokens, with a rotated refresh token.
  const posts = as.log.slice(l0).filter((e) => e.path === '/oauth/token' && e.method === 'POST');
  assert.deepEqual(posts, [inflight], 'the refresh was one request');
  assert.ok(inflight.status === undefined || inflight.status === 200, `answered with tokens (${inflight.status})`);
  const late = as.refreshTokens.slice(t0);
  assert.ok(late.length <= 1);

  // Every tab, the one that logged out (a new page load) and the four whose clients lived
  // through it, refresher included: signed out, no token anywhere.
  const checks = await Promise.all(tabs.map((p, i) => {
    const body = async (client, sdk) => {
      const e = await client.getTokenSilently().then(() => null, (e) => e);
      return {
        authenticated: await client.isAuthenticated(), user: (await client.getUser()) ?? null,
        error: e && { coded: e instanceof sdk.GenericError && typeof e.code === 'string', code: e.code, error: e.error },
        stored: Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@')), all: JSON.stringify({ ...localStorage }),
        cookie: /is\.authenticated/.test(document.cookie),
      };
    };
    if (i === 0) return inPage(p, options(), body);
    return p.evaluate(async (src) => new Function('client', 'sdk', `return (${src})(client, sdk);`)(window.client, await import('/pkg/index.js')), body.toString());
  }));
  for (const [i, c] of checks.entries()) {
    assert.equal(c.authenticated, false, `tab ${i}: isAuthenticated() is false`);
    assert.equal(c.user, null, `tab ${i}: no user`);
    assert.ok(c.error?.coded, `tab ${i}: getTokenSilently rejects with a coded error (${JSON.stringify(c.error)})`);
    assert.deepEqual(c.stored, [], `tab ${i}: nothing of the SDK in localStorage`);
    for (const t of late) assert.equal(c.all.includes(t), false, `tab ${i}: the late refresh token was not written back`);
    assert.equal(c.cookie, false, `tab ${i}: no session cookie`);
  }
  console.log(`# logout mid-refresh: the in-flight refresh (AS: ${inflight.status ?? 'no answer'}) rejected with ${outcome.code}; afterwards: ${[...new Set(checks.map((c) => c.error.code))].join(', ')}`);
  await context.close();
});

// Signed out in every tab: what each tab's own client (kept across the logout) says.
const signedOut = (tabs) => Promise.all(tabs.map((p) => p.evaluate(async () => {
  const sdk = await import('/pkg/index.js');
  const e = await window.client.getTokenSilently().then(() => null, (e) => e);
  return {
    authenticated: await window.client.isAuthenticated(),
    error: e && { coded: e instanceof sdk.GenericError && typeof e.code === 'string', code: e.code },
    stored: Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@')), cookie: /is\.authenticated/.test(document.cookie),
  };
})));
const storedKeys = (p) => p.evaluate(async () => {
  const open = indexedDB.open('dpop-spa');
  const conn = await new Promise((resolve, reject) => { open.onsuccess = () => resolve(open.result); open.onerror = () => reject(open.error); });
  const r = conn.transaction('keys', 'readonly').objectStore('keys').getAllKeys();
  const names = await new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  conn.close();
  return names;
});
const startRefresh = (p) => p.evaluate(() => {
  window.pending = null;
  window.client.getTokenSilently({ cacheMode: 'off' }).then((t) => { window.pending = { resolved: typeof t }; }, (e) => { window.pending = { code: e?.code }; });
});

test('a refresh answered while another tab is still logging out (its wasm still loading) writes nothing back: the other tabs are told first', async () => {
  const { context, tabs } = await signedInTabs();
  // tabs[2] never loaded the wasm: its logout clears localStorage, then waits for the wasm
  // (3 s here) to delete the key, and only then tells the other tabs.
  const [, refresher, leaver] = tabs;
  await refresher.evaluate(() => window.client.getTokenSilently({ cacheMode: 'off' })); // the AS nonce
  as.hook('/oauth/token', { delay: 1000 });
  app.delay('/pkg/dpop_spa_bg.wasm', 3000);
  const l0 = as.log.length;
  await startRefresh(refresher);
  await until(() => as.log.slice(l0).find((e) => e.path === '/oauth/token' && e.method === 'POST'), 'the refresh at the AS');
  await leaver.evaluate(() => window.client.logout({ openUrl: false }));
  const outcome = await poll(refresher, () => window.pending);
  const checks = await signedOut(tabs);
  assert.equal(outcome.resolved, undefined, `the refresh that lost to the logout resolved no token (${JSON.stringify(outcome)})`);
  for (const [i, c] of checks.entries()) {
    assert.equal(c.authenticated, false, `tab ${i}: isAuthenticated() is false`);
    assert.ok(c.error?.coded, `tab ${i}: getTokenSilently rejects with a coded error`);
    assert.deepEqual(c.stored, [], `tab ${i}: nothing in localStorage`);
    assert.equal(c.cookie, false, `tab ${i}: no session cookie`);
  }
  await context.close();
});

test('a refresh that lost to another tab\'s logout stores no new DPoP key after it', async () => {
  const { context, tabs } = await signedInTabs();
  const [leaver, refresher] = tabs;
  await refresher.evaluate(() => window.client.getTokenSilently({ cacheMode: 'off' }));
  as.hook('/oauth/token', { delay: 1500 });
  const l0 = as.log.length;
  await startRefresh(refresher);
  await until(() => as.log.slice(l0).find((e) => e.path === '/oauth/token' && e.method === 'POST'), 'the refresh at the AS');
  await leaver.evaluate(() => window.client.logout({ openUrl: false }));
  assert.deepEqual(await storedKeys(leaver), [], 'the logout deleted the key');
  const outcome = await poll(refresher, () => window.pending);
  assert.equal(outcome.code, 'login_required');
  assert.deepEqual(await storedKeys(leaver), [], 'and no key came back after the logout');
  await context.close();
});
