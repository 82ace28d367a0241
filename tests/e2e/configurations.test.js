// End to end, every auth0-spa-js configuration against oidc-provider (web_message response
// mode, revocation at /oauth/revoke) and the DPoP resource server, all on 127.0.0.1:
// the defaults (memory cache, silent authentication in a hidden iframe), popups, refresh
// tokens kept in a worker, the refresh-token fallback, revocation, and the review defects.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../browser/browser.js';
import { startServer } from '../browser/server.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';
import { blankPage, inPage, onClick, poll, skipUnless } from '../support.js';

let browser, strict, app, rs, as;
before(async () => {
  // `strict` blocks popups opened outside a user gesture, as browsers do by default.
  [browser, strict, app] = await Promise.all([launch(), launch({ popupBlocking: true }), startServer()]);
  rs = await startResourceServer({ allowOrigin: app.origin });
  as = await startAuthServer({ redirectUris: [`${app.origin}/blank.html`, app.origin], audience: rs.audience });
  rs.trust(as);
});
after(async () => { await Promise.all([browser?.close(), strict?.close()]); await Promise.all([app?.close(), rs?.close(), as?.close()]); });
// Request hooks live in the servers (no browser request interception): reset after each test.
afterEach(() => { as.unhook(); app.delay('/pkg/dpop_spa_bg.wasm', 0); });

const API = () => `${rs.origin}/api/data`;
// auth0-spa-js's defaults: memory cache, no refresh tokens.
const defaults = (extra = {}) => ({
  domain: as.origin, clientId: 'spa', useDpop: true,
  authorizationParams: { redirect_uri: `${app.origin}/blank.html`, audience: rs.audience }, ...extra,
});

const page = (context, initScript) => blankPage(context, app.origin, initScript);

async function redirectLogin(p, opts) {
  const from = await p.url();
  await Promise.all([
    p.waitForURL((u) => u.href !== from && /[?&](code|error)=/.test(u.search)),
    inPage(p, opts, (client) => client.loginWithRedirect()),
  ]);
  await inPage(p, opts, (client) => client.handleRedirectCallback());
}

const since = (n) => as.log.slice(n);
const authorizeRequests = (log) => log.filter((e) => e.path === '/authorize');
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));

test('defaults: the session survives reloads through silent authentication in a hidden iframe', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, defaults());
  const jkt = await inPage(p, defaults(), (client) => client.getDpopThumbprint());
  const cookies = (await p.evaluate(() => document.cookie)).split('; ');
  assert.ok(cookies.includes('auth0.spa.is.authenticated=true'), 'the session cookie is set after the code exchange');
  assert.ok(cookies.includes('_legacy_auth0.spa.is.authenticated=true'), 'and its legacy copy');

  for (let reload = 0; reload < 2; reload++) {
    await p.reload();
    const n = as.log.length;
    const r = await inPage(p, defaults(), async (client, sdk, api) => ({
      authenticated: await client.isAuthenticated(), user: (await client.getUser())?.sub,
      token: await client.getTokenSilently({ detailedResponse: true }), api: await callApi(client, sdk, api),
      jkt: await client.getDpopThumbprint(), iframes: document.querySelectorAll('iframe').length,
    }), API());
    assert.equal(r.authenticated, true, `reload ${reload}: restored`);
    assert.equal(r.user, 'alice');
    assert.equal(r.api, 200);
    assert.equal(r.jkt, jkt, 'the same key across reloads');
    assert.equal(claimsOf(r.token.access_token).cnf.jkt, jkt, 'the iframe code exchange bound the token to the key');
    assert.equal(r.iframes, 0, 'the iframe is removed when the flow ends');
    const [authorize, ...more] = authorizeRequests(since(n));
    assert.equal(more.length, 0, 'one silent authentication per reload (concurrent callers share it)');
    const q = new URL(authorize.query, as.origin).searchParams;
    assert.equal(q.get('prompt'), 'none');
    assert.equal(q.get('response_mode'), 'web_message');
    assert.equal(q.get('dpop_jkt'), jkt);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.ok(q.get('state') && q.get('nonce') && q.get('code_challenge'));
    assert.equal(q.get('redirect_uri'), `${app.origin}/blank.html`);
    assert.deepEqual(JSON.parse(atob(q.get('auth0Client'))), { name: 'dpop-spa', version: '0.1.0' }, 'telemetry names dpop-spa');
    const tokens = since(n).filter((e) => e.path === '/oauth/token' && e.method === 'POST');
    assert.ok(tokens.length >= 1 && tokens.every((e) => e.dpop), 'the code exchange carries proofs');
    assert.deepEqual(JSON.parse(atob(tokens[0].auth0Client)), { name: 'dpop-spa', version: '0.1.0' });
  }
  await context.close();
});

test('defaults: without redirect_uri the iframe uses location.origin; concurrent calls share one iframe', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const opts = defaults({ authorizationParams: { audience: rs.audience } });
  await redirectLogin(p, { ...opts, authorizationParams: { ...opts.authorizationParams, redirect_uri: `${app.origin}/blank.html` } });
  await p.reload();
  const n = as.log.length;
  const r = await p.evaluate(async (opts) => {
    const sdk = await import('/pkg/index.js');
    const client = new sdk.Auth0Client(opts);
    const [a, b, c] = await Promise.all([client.getTokenSilently(), client.getTokenSilently(), client.getTokenSilently()]);
    return { same: a === b && b === c };
  }, opts);
  assert.equal(r.same, true);
  const list = authorizeRequests(since(n));
  assert.equal(list.length, 1, 'one iframe for three callers');
  assert.equal(new URL(list[0].query, as.origin).searchParams.get('redirect_uri'), app.origin);
  await context.close();
});

test('a page that never signed in makes no /authorize request', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const n = as.log.length;
  const r = await inPage(p, defaults(), async (client) => ({ authenticated: await client.isAuthenticated(), user: (await client.getUser()) ?? null }));
  assert.deepEqual(r, { authenticated: false, user: null });
  assert.equal(authorizeRequests(since(n)).length, 0);
  await context.close();
});

test('login_required after the server session ends: the local session ends too', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, defaults());
  const jkt = await inPage(p, defaults(), (client) => client.getDpopThumbprint());
  // The server forgets the session (its cookies); the page still has its session cookie.
  await p.goto(`${as.origin}/v2/logout`);
  await p.goto(`${app.origin}/blank.html`);
  const r = await inPage(p, defaults(), async (client) => {
    const e = await client.getTokenSilently({ cacheMode: 'off' }).catch((e) => e);
    return {
      generic: e instanceof (await import('/pkg/index.js')).GenericError, error: e.error, code: e.code,
      authenticated: await client.isAuthenticated(), cookie: document.cookie, jkt: await client.getDpopThumbprint(),
    };
  });
  assert.equal(r.generic, true);
  assert.equal(r.error, 'login_required');
  assert.equal(r.authenticated, false, 'isAuthenticated() is false after the failed silent authentication');
  assert.doesNotMatch(r.cookie, /is\.authenticated/, 'the session cookie is gone');
  assert.notEqual(r.jkt, jkt, 'the key was deleted with the session');
  // And the next page load makes no /authorize request.
  await p.reload();
  const n = as.log.length;
  await inPage(p, defaults(), () => null);
  assert.equal(authorizeRequests(since(n)).length, 0);
  await context.close();
});

test('silent authentication times out with TimeoutError after authorizeTimeoutInSeconds and removes its iframe', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, defaults());
  as.hook('/authorize', { stall: true });
  const r = await inPage(p, defaults({ authorizeTimeoutInSeconds: 1 }), async (client, sdk) => {
    const e = await client.getTokenSilently({ cacheMode: 'off' }).catch((e) => e);
    return { timeout: e instanceof sdk.TimeoutError, error: e.error, iframes: document.querySelectorAll('iframe').length, cookie: /auth0\.spa\.is\.authenticated=true/.test(document.cookie) };
  });
  // A timeout is not login_required: the session cookie stays for the next attempt.
  assert.deepEqual(r, { timeout: true, error: 'timeout', iframes: 0, cookie: true });
  await context.close();
});

// Records the windows the page opens (and when), so tests can check them from the page.
const recordOpen = () => {
  const open = window.open;
  window.opened = [];
  window.open = (...args) => { const w = open.apply(window, args); window.opened.push({ w, at: Date.now() }); return w; };
};

test('popup: login, then the token; the popup is closed afterwards and the answer checked', async () => {
  const context = await strict.newContext();
  const p = await page(context, recordOpen);
  const n = as.log.length;
  // A real click: the popup opens inside the user's gesture.
  await onClick(p, defaults(), (client) => client.loginWithPopup());
  const r = await inPage(p, defaults(), async (client, sdk, api) => ({
    authenticated: await client.isAuthenticated(), token: await client.getTokenSilently(), api: await callApi(client, sdk, api),
    jkt: await client.getDpopThumbprint(), popups: window.opened.length, closed: window.opened.every((o) => o.w.closed),
  }), API());
  assert.equal(r.authenticated, true);
  assert.equal(r.api, 200);
  assert.equal(claimsOf(r.token).cnf.jkt, r.jkt);
  assert.equal(r.popups, 1);
  assert.equal(r.closed, true, 'closed after its answer');
  const q = new URL(authorizeRequests(since(n))[0].query, as.origin).searchParams;
  assert.equal(q.get('response_mode'), 'web_message');
  assert.equal(q.get('dpop_jkt'), r.jkt);
  assert.equal(q.get('prompt'), null);

  const token = await onClick(p, defaults(), (client) => client.getTokenWithPopup({ authorizationParams: { scope: 'read:data' } }));
  assert.match(claimsOf(token).scope, /read:data/, 'getTokenWithPopup returns the new token');
  await context.close();
});

test('popup: closed by the user -> PopupCancelledError', async () => {
  const context = await strict.newContext();
  const p = await page(context);
  const r = await onClick(p, defaults(), (client, sdk) => {
    const w = window.open('', 'mine', 'width=400,height=600');
    const pending = client.loginWithPopup({}, { popup: w });
    w.close();
    return pending.then(() => 'resolved', async (e) => ({
      cancelled: e instanceof sdk.PopupCancelledError, error: e.error, hasPopup: e.popup === w, authenticated: await client.isAuthenticated(),
    }));
  });
  assert.deepEqual(r, { cancelled: true, error: 'cancelled', hasPopup: true, authenticated: false });
  await context.close();
});

test('popup: opened outside a user gesture, the browser blocks it -> PopupOpenError', async () => {
  const context = await strict.newContext();
  const p = await context.newPage();
  // The page's own script calls loginWithPopup on load: no gesture anywhere.
  await p.goto(`${app.origin}/run.html?run=/tests/e2e/pages/popup-blocked.js&domain=${encodeURIComponent(as.origin)}`);
  const r = await poll(p, () => document.body.dataset.result && JSON.parse(document.body.dataset.result));
  assert.deepEqual(r, { blocked: true, error: 'popup_open', authenticated: false });
  await context.close();
});

test('popup: times out with PopupTimeoutError (the popup stays open and is on the error)', async () => {
  const context = await strict.newContext();
  const p = await page(context);
  as.hook('/authorize', { respond: { status: 200, type: 'text/html', body: '<p>waiting</p>' } });
  const r = await onClick(p, defaults(), (client, sdk) => client.loginWithPopup({}, { timeoutInSeconds: 1 }).then(() => 'resolved', (e) => {
    const out = { timeout: e instanceof sdk.PopupTimeoutError, isTimeout: e instanceof sdk.TimeoutError, error: e.error, open: !!e.popup && !e.popup.closed };
    e.popup?.close();
    return out;
  }));
  assert.deepEqual(r, { timeout: true, isTimeout: true, error: 'timeout', open: true });
  await context.close();
});

test('popup: opened inside the click even when the wasm arrives 6 s late', async () => {
  const context = await strict.newContext();
  const p = await page(context, recordOpen);
  app.delay('/pkg/dpop_spa_bg.wasm', 6000);
  const r = await onClick(p, defaults(), async (client) => {
    await client.loginWithPopup();
    return { authenticated: await client.isAuthenticated(), openedAt: window.opened[0]?.at };
  });
  assert.equal(r.authenticated, true, 'the popup was not blocked');
  assert.ok(r.openedAt < app.served['/pkg/dpop_spa_bg.wasm'], 'the popup opened before the wasm had arrived');
  await context.close();
});

// Refresh tokens with the memory cache: they live in the token worker.
const workerOpts = (extra = {}) => defaults({ useRefreshTokens: true, ...extra });

// The page's own JavaScript heap (the worker is another isolate) as one string.
async function heapOf(p) {
  const cdp = await p.cdp();
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

// Records what the worker sends the page (its answers come through MessageChannel ports).
const recordPorts = () => {
  window.fromWorker = [];
  const set = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage').set;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    set(f) { set.call(this, (e) => { window.fromWorker.push(Object.keys(e.data || {}).join(',') + (JSON.stringify(e.data).includes('refresh_token') ? ' refresh_token' : '')); f(e); }); },
  });
};

async function workerSession(initScript) {
  const context = await browser.newContext();
  const p = await page(context, initScript);
  const first = as.refreshTokens.length;
  await redirectLogin(p, workerOpts());
  // Refresh twice (rotation), then call the API, all in this page.
  const r = await p.evaluate(async (api) => {
    const a = await window.client.getTokenSilently({ cacheMode: 'off' });
    const b = await window.client.getTokenSilently({ cacheMode: 'off' });
    const status = (await window.client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api)).status;
    return { changed: a !== b, status, workers: typeof Worker };
  }, API());
  return { context, p, r, issued: as.refreshTokens.slice(first) };
}

test('worker: refresh tokens never reach the page (worker messages, storage); without Worker the page sends', async () => {
  const { context, p, r, issued } = await workerSession(recordPorts);
  assert.equal(r.changed, true);
  assert.equal(r.status, 200);
  assert.ok(issued.length >= 3, 'the code exchange and two refreshes issued refresh tokens');
  const messages = await p.evaluate(() => window.fromWorker);
  assert.ok(messages.length >= 3, 'the token requests went through the worker');
  assert.ok(messages.every((m) => !m.includes('refresh_token')), 'no worker message carries a refresh_token');
  const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  for (const t of issued) assert.equal(stored.includes(t), false, 'nor in storage');
  await context.close();

  const plain = await workerSession(() => { delete window.Worker; });
  assert.equal(plain.r.workers, 'undefined');
  assert.equal(plain.r.status, 200, 'without Worker the page sends its token requests itself');
  await plain.context.close();
});

test('worker: no refresh token in a heap snapshot of the page; calibrated without Worker', async (t) => {
  if (skipUnless(t, browser.can.heapSnapshot, 'heap-snapshot')) return;
  const { context, p, r, issued } = await workerSession();
  assert.deepEqual([r.changed, r.status], [true, 200]);
  assert.ok(issued.length >= 3, 'the code exchange and two refreshes issued refresh tokens');
  const heap = await heapOf(p);
  for (const tok of issued) assert.equal(heap.includes(tok), false, 'no refresh token in the page heap');
  await context.close();
  // Calibration: without Worker the tokens live in the page, and the same check finds them.
  const cal = await workerSession(() => { delete window.Worker; });
  assert.equal(cal.r.workers, 'undefined');
  const calHeap = await heapOf(cal.p);
  assert.ok(cal.issued.some((tok) => calHeap.includes(tok)), 'the heap check finds a refresh token held by the page');
  await cal.context.close();
});

test('worker: with workerUrl the worker file serves the same flow', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const opts = workerOpts({ workerUrl: '/pkg/token-worker.js' });
  await redirectLogin(p, opts);
  const r = await p.evaluate(async (api) => {
    const a = await window.client.getTokenSilently({ cacheMode: 'off' });
    return { a: typeof a, status: (await window.client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api)).status };
  }, API());
  assert.deepEqual(r, { a: 'string', status: 200 });
  await context.close();
});

test('useRefreshTokensFallback: no refresh token after a reload (memory cache) -> the iframe; off -> MissingRefreshTokenError', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, workerOpts({ useRefreshTokensFallback: true }));
  await p.reload();
  const n = as.log.length;
  const on = await inPage(p, workerOpts({ useRefreshTokensFallback: true }), async (client, sdk, api) => ({
    authenticated: await client.isAuthenticated(), api: await callApi(client, sdk, api),
  }), API());
  assert.deepEqual(on, { authenticated: true, api: 200 });
  assert.equal(authorizeRequests(since(n)).length, 1, 'restored through the iframe');

  await p.reload();
  const off = await inPage(p, workerOpts(), async (client, sdk) => {
    const e = await client.getTokenSilently().catch((e) => e);
    return { missing: e instanceof sdk.MissingRefreshTokenError, error: e.error };
  });
  assert.deepEqual(off, { missing: true, error: 'missing_refresh_token' });
  await context.close();
});

const lsOpts = (extra = {}) => defaults({ useRefreshTokens: true, cacheLocation: 'localstorage', ...extra });
const entries = () => Object.entries(localStorage).filter(([k]) => k.startsWith('@@auth0spajs@@') && !k.endsWith('@@user@@')).map(([k, v]) => [k, JSON.parse(v)]);

test('useRefreshTokensFallback: a refresh token the server rejects (invalid_grant) -> the iframe', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, lsOpts({ useRefreshTokensFallback: true }));
  await p.evaluate((src) => {
    for (const [k, w] of new Function(`return (${src})()`)()) localStorage.setItem(k, JSON.stringify({ ...w, body: { ...w.body, refresh_token: 'revoked-or-garbage' } }));
  }, entries.toString());
  const n = as.log.length;
  const r = await inPage(p, lsOpts({ useRefreshTokensFallback: true }), async (client, sdk, api) => ({
    token: typeof await client.getTokenSilently({ cacheMode: 'off' }), api: await callApi(client, sdk, api),
  }), API());
  assert.deepEqual(r, { token: 'string', api: 200 });
  assert.equal(authorizeRequests(since(n)).length, 1, 'fell back to the iframe');
  await context.close();
});

for (const [name, opts] of [['page', lsOpts], ['worker', workerOpts]]) {
  test(`revokeRefreshToken (${name}): RFC 7009 with a proof where the server demands one; the token is refused afterwards`, async () => {
    const context = await browser.newContext();
    const p = await page(context);
    await redirectLogin(p, opts());
    const n = as.log.length;
    const r = await p.evaluate(async () => {
      const jkt = await window.client.getDpopThumbprint();
      await window.client.revokeRefreshToken();
      const e = await window.client.getTokenSilently({ cacheMode: 'off' }).catch((e) => e);
      return { jkt, error: e.error ?? null };
    });
    const revokes = since(n).filter((e) => e.path === '/oauth/revoke' && e.method === 'POST');
    assert.equal(revokes.length, 1);
    assert.equal(revokes[0].status, 200);
    assert.equal(revokes[0].proofJkt, r.jkt, 'the revocation carried a proof of our key');
    assert.ok(revokes[0].auth0Client, 'with the Auth0-Client header');
    assert.ok(['invalid_grant', 'missing_refresh_token'].includes(r.error), `the refresh token is gone or refused (${r.error})`);
    const refused = since(n).filter((e) => e.path === '/oauth/token' && e.method === 'POST' && e.status === 200);
    assert.equal(refused.length, 0, 'no refresh succeeded after the revocation');
    await context.close();
  });
}

test('defect: a logout while a refresh is in flight wins (nothing is written back)', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, lsOpts());
  as.hook('/oauth/token', { delay: 800 });
  const r = await p.evaluate(async (src) => {
    const pending = window.client.getTokenSilently({ cacheMode: 'off' }).then(() => 'resolved', (e) => e.error);
    await new Promise((r) => setTimeout(r, 200)); // the refresh is in flight
    await window.client.logout({ openUrl: false });
    const outcome = await pending;
    return { outcome, authenticated: await window.client.isAuthenticated(), left: new Function(`return (${src})()`)().length, keys: Object.keys(localStorage).filter((k) => k.startsWith('@@auth0spajs@@')) };
  }, entries.toString());
  assert.equal(r.outcome, 'login_required');
  assert.equal(r.authenticated, false, 'logged out stays logged out');
  assert.deepEqual(r.keys, [], 'no token entry was written back');
  await context.close();
});

test('defect: a rotated refresh token replaces the spent one in every entry that held it', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  const from = await p.url();
  // Sign in with a wider scope: its entry also serves requests for the default scope.
  await Promise.all([
    p.waitForURL((u) => u.href !== from && /[?&]code=/.test(u.search)),
    inPage(p, lsOpts(), (client) => client.loginWithRedirect({ authorizationParams: { scope: 'read:data' } })),
  ]);
  await inPage(p, lsOpts(), (client) => client.handleRedirectCallback());
  const r = await p.evaluate(async (src) => {
    const all = new Function(`return (${src})()`);
    for (const [k, w] of all()) localStorage.setItem(k, JSON.stringify({ ...w, expiresAt: 0 })); // stale
    await window.client.getTokenSilently(); // default scope: found by the scope match, refreshed
    const tokens = new Set(all().map(([, w]) => w.body.refresh_token));
    // The wide entry refreshes next, with what it holds now.
    const e = await window.client.getTokenSilently({ authorizationParams: { scope: 'read:data' }, cacheMode: 'off' }).then(() => null, (e) => e.error);
    return { entries: all().length, distinct: tokens.size, error: e };
  }, entries.toString());
  assert.equal(r.entries, 2);
  assert.equal(r.distinct, 1, 'both entries hold the new refresh token');
  assert.equal(r.error, null, 'the wide entry refreshes (a spent token would be invalid_grant)');
  await context.close();
});

test('defect: a tab waiting for the refresh lock outlasts a holder that takes 7 s', async () => {
  const context = await browser.newContext();
  const p1 = await page(context);
  await redirectLogin(p1, lsOpts());
  const p2 = await page(context);
  await inPage(p2, lsOpts(), () => null);
  as.hook('/oauth/token', { delay: 7000 });
  const stale = (src) => { for (const [k, w] of new Function(`return (${src})()`)()) localStorage.setItem(k, JSON.stringify({ ...w, expiresAt: 0 })); };
  await p1.evaluate(stale, entries.toString());
  const first = p1.evaluate(() => window.client.getTokenSilently().then((t) => t, (e) => `error ${e.error}`));
  await new Promise((r) => setTimeout(r, 300));
  const second = p2.evaluate(() => window.client.getTokenSilently().then((t) => t, (e) => `error ${e.error}`));
  const [a, b] = await Promise.all([first, second]);
  assert.doesNotMatch(a, /^error/);
  assert.equal(b, a, 'the waiting tab took the token the holder refreshed, instead of a TimeoutError');
  await context.close();
});

// Counts this page's IndexedDB operations on the `meta` store (refresh generations).
const countMeta = () => {
  window.metaOps = 0;
  const os = IDBTransaction.prototype.objectStore;
  IDBTransaction.prototype.objectStore = function (name) { if (name === 'meta') window.metaOps++; return os.call(this, name); };
};

test('defect: a cache not shared across tabs never waits for (or writes) another tab\'s generation', async () => {
  const run = async (cacheKind) => {
    const context = await browser.newContext();
    const p = await page(context, countMeta);
    const opts = lsOpts();
    const setup = `window.opts = ${JSON.stringify(opts)}; ${cacheKind === 'custom' ? 'window.opts.cache = new (await import("/pkg/index.js")).InMemoryCache();' : ''}`;
    const from = await p.url();
    await Promise.all([
      p.waitForURL((u) => u.href !== from && /[?&]code=/.test(u.search)),
      p.evaluate(async (setup) => {
        await new Function(`return (async () => { ${setup} })()`)();
        const sdk = await import('/pkg/index.js');
        await new sdk.Auth0Client(window.opts).loginWithRedirect();
      }, setup),
    ]);
    return p.evaluate(async (setup) => {
      await new Function(`return (async () => { ${setup} })()`)();
      const sdk = await import('/pkg/index.js');
      const client = new sdk.Auth0Client(window.opts);
      await client.handleRedirectCallback();
      const t = await client.getTokenSilently({ cacheMode: 'off' });
      return { token: typeof t, metaOps: window.metaOps };
    }, setup).finally(() => context.close());
  };
  const custom = await run('custom');
  assert.deepEqual(custom, { token: 'string', metaOps: 0 });
  // Calibration: localStorage is shared across tabs, so its generations are kept and read.
  const shared = await run('localstorage');
  assert.equal(shared.token, 'string');
  assert.ok(shared.metaOps > 0);
});

test('defect: a logout during a refresh in the worker wins: the worker keeps no refresh token', async () => {
  const context = await browser.newContext();
  const p = await page(context);
  await redirectLogin(p, workerOpts());
  as.hook('/oauth/token', { delay: 800 });
  const r = await p.evaluate(async () => {
    const pending = window.client.getTokenSilently({ cacheMode: 'off' }).then(() => 'resolved', (e) => e.error);
    await new Promise((r) => setTimeout(r, 200));
    await window.client.logout({ openUrl: false });
    const outcome = await pending;
    const after = await window.client.getTokenSilently({ cacheMode: 'off' }).then(() => 'resolved', (e) => e.error);
    return { outcome, after, authenticated: await window.client.isAuthenticated(), cookie: document.cookie.includes('is.authenticated') };
  });
  assert.deepEqual(r, { outcome: 'login_required', after: 'missing_refresh_token', authenticated: false, cookie: false });
  await context.close();
});

test('defect: one silent authentication at a time across tabs', async () => {
  const context = await browser.newContext();
  const p1 = await page(context);
  await redirectLogin(p1, defaults());
  const p2 = await page(context);
  as.hook('/authorize', { delay: 1000 });
  const n = as.log.length;
  const run = (p) => inPage(p, defaults(), (client) => client.getTokenSilently({ cacheMode: 'off' }).then((t) => typeof t));
  // Both pages start at once (their createAuth0Client session checks too).
  const results = await Promise.all([run(p1), run(p2)]);
  assert.deepEqual(results, ['string', 'string']);
  const spans = authorizeRequests(since(n)).sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].start >= spans[i - 1].end, 'no two iframes of the client at once');
  assert.ok(spans.length >= 2);
  await context.close();
});
