// createFetcher's contract with a caller-supplied fetch (unit tests of the transport in a
// real page): token shapes, URL rules, response header shapes, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.js';
import { startServer } from './server.js';

let browser, srv, page, context;
before(async () => {
  [browser, srv] = await Promise.all([launch(), startServer()]);
  context = await browser.newContext();
  page = await openPage(context, srv.origin);
  await page.evaluate(() => {
    // A fake fetch that answers from a script and records each Request it got.
    window.fakeFetch = (script) => {
      const seen = [];
      const fn = async (req) => {
        if (!(req instanceof Request)) throw new Error('not a Request');
        seen.push({ url: req.url, method: req.method, authorization: req.headers.get('authorization'), dpop: req.headers.get('dpop') });
        return script[Math.min(seen.length - 1, script.length - 1)];
      };
      return { fn, seen };
    };
    window.claims = (jwt) => jwt && JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  });
});
after(async () => { await context?.close(); await browser?.close(); await srv?.close(); });

test('token shapes pick the scheme; every DPoP request carries a proof', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f1', useDpop: true });
    const ok = [{ status: 200, headers: new Headers() }];
    const out = {};
    for (const [name, token, id] of [
      ['stringNoId', 'tok', undefined], ['stringWithId', 'tok', 'api'],
      ['objectDpop', { access_token: 'tok', token_type: 'DPoP' }, undefined],
      ['objectBearer', { access_token: 'tok', token_type: 'Bearer' }, 'api'],
    ]) {
      const { fn, seen } = fakeFetch(ok);
      await c.createFetcher({ fetch: fn, dpopNonceId: id, getAccessToken: async () => token }).fetchWithAuth('https://rs.example/a?b=1');
      out[name] = { authorization: seen[0].authorization, htu: claims(seen[0].dpop)?.htu ?? null };
    }
    return out;
  });
  assert.deepEqual(r.stringNoId, { authorization: 'Bearer tok', htu: null });
  assert.deepEqual(r.stringWithId, { authorization: 'DPoP tok', htu: 'https://rs.example/a' });
  assert.deepEqual(r.objectDpop, { authorization: 'DPoP tok', htu: 'https://rs.example/a' }, 'a proof even without dpopNonceId');
  assert.deepEqual(r.objectBearer, { authorization: 'Bearer tok', htu: null });
});

test('response headers as Headers, record or pairs all drive the retry', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f2', useDpop: true });
    const challenge = 'DPoP error="use_dpop_nonce"';
    const shapes = {
      headers: new Headers({ 'WWW-Authenticate': challenge, 'DPoP-Nonce': 'N1' }),
      record: { 'www-authenticate': challenge, 'DPoP-Nonce': 'N1' },
      pairs: [['WWW-Authenticate', challenge], ['dpop-nonce', 'N1']],
    };
    const out = {};
    for (const [shape, headers] of Object.entries(shapes)) {
      const { fn, seen } = fakeFetch([{ status: 401, headers }, { status: 204, headers: {} }]);
      const res = await c.createFetcher({ fetch: fn, getAccessToken: async () => ({ access_token: 't', token_type: 'DPoP' }) }).fetchWithAuth(`https://rs-${shape}.example/x`);
      out[shape] = { status: res.status, calls: seen.length, nonces: seen.map((s) => claims(s.dpop).nonce ?? null) };
    }
    return out;
  });
  for (const shape of ['headers', 'record', 'pairs']) {
    assert.deepEqual(r[shape], { status: 204, calls: 2, nonces: [null, 'N1'] }, shape);
  }
});

test('URLs: relative needs baseUrl (TypeError), baseUrl joins like auth0-spa-js, Request and URL accepted', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f3', useDpop: true });
    const ok = [{ status: 200, headers: {} }];
    const get = async () => 't';
    let typeError;
    try { await c.createFetcher({ getAccessToken: get, fetch: fakeFetch(ok).fn }).fetchWithAuth('/rel'); } catch (e) { typeError = e instanceof TypeError; }
    const a = fakeFetch(ok);
    const f = c.createFetcher({ getAccessToken: get, fetch: a.fn, baseUrl: 'https://rs.example/v1/' });
    await f.fetchWithAuth('/items?x=1');
    await f.fetchWithAuth(new URL('https://other.example/y'));
    await f.fetchWithAuth(new Request('https://rs.example/req', { method: 'DELETE' }));
    return { typeError, urls: a.seen.map((s) => `${s.method} ${s.url}`) };
  });
  assert.equal(r.typeError, true);
  assert.deepEqual(r.urls, ['GET https://rs.example/v1/items?x=1', 'GET https://other.example/y', 'DELETE https://rs.example/req']);
});

test('authParams reach getAccessToken; no token is a coded GenericError', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f4', useDpop: true });
    let got;
    const { fn } = fakeFetch([{ status: 200, headers: {} }]);
    await c.createFetcher({ fetch: fn, getAccessToken: async (p) => { got = p; return 't'; } }).fetchWithAuth('https://rs.example/', {}, { scope: ['read:x'], audience: 'api' });
    let missing;
    try { await c.createFetcher({ fetch: fn, getAccessToken: async () => undefined }).fetchWithAuth('https://rs.example/'); } catch (e) {
      missing = { generic: e instanceof sdk.GenericError, error: e.error, code: e.code };
    }
    return { got, missing };
  });
  assert.deepEqual(r.got, { scope: ['read:x'], audience: 'api' });
  assert.deepEqual(r.missing, { generic: true, error: 'missing_access_token', code: 'missing_access_token' });
});

test('getDpopNonce / setDpopNonce; useDpop off rejects', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f5', useDpop: true });
    await c.setDpopNonce('as-nonce');
    await c.setDpopNonce('api-nonce', 'api');
    const { fn, seen } = fakeFetch([{ status: 200, headers: {} }]);
    await c.createFetcher({ fetch: fn, dpopNonceId: 'api', getAccessToken: async () => 't' }).fetchWithAuth('https://rs.example/');
    let bad;
    try { await c.setDpopNonce('has space'); } catch (e) { bad = { code: e.code, leaks: e.message.includes('has space') }; }
    const off = new sdk.Auth0Client({ domain: 'as.example', clientId: 'f6' });
    const rejected = await Promise.allSettled([off.getDpopNonce(), off.setDpopNonce('x'), off.generateDpopProof({ url: 'https://a/', method: 'GET' })]);
    return { as: await c.getDpopNonce(), api: await c.getDpopNonce('api'), sent: claims(seen[0].dpop).nonce, bad, off: rejected.map((x) => x.status + ':' + x.reason?.code) };
  });
  assert.equal(r.as, 'as-nonce');
  assert.equal(r.api, 'api-nonce');
  assert.equal(r.sent, 'api-nonce', "the id's nonce is used for the next proof");
  assert.deepEqual(r.bad, { code: 'invalid_nonce', leaks: false });
  assert.deepEqual(r.off, ['rejected:dpop_disabled', 'rejected:dpop_disabled', 'rejected:dpop_disabled']);
});

test('a rejected fetch becomes a coded error with the original as cause', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f7', useDpop: true });
    const boom = new TypeError('Failed to fetch');
    try {
      await c.createFetcher({ fetch: async () => { throw boom; }, getAccessToken: async () => 't' }).fetchWithAuth('https://rs.example/');
    } catch (e) {
      return { code: e.code, generic: e instanceof sdk.GenericError, cause: e.cause === boom };
    }
  });
  assert.deepEqual(r, { code: 'fetch_error', generic: true, cause: true });
});

test("exports every runtime name of auth0-spa-js 2.28.3's ESM entry for this surface", async () => {
  const names = ['createAuth0Client', 'Auth0Client', 'GenericError', 'AuthenticationError', 'TimeoutError', 'PopupTimeoutError',
    'PopupCancelledError', 'PopupOpenError', 'MfaRequiredError', 'MissingRefreshTokenError', 'MissingScopesError',
    'UseDpopNonceError', 'ConnectError', 'InvalidConfigurationError', 'InMemoryCache', 'LocalStorageCache', 'CacheKey'];
  const r = await page.evaluate((names) => {
    const types = Object.fromEntries(names.map((n) => [n, typeof sdk[n]]));
    const e = new sdk.MissingRefreshTokenError('api', 'openid');
    const key = new sdk.CacheKey({ clientId: 'c', audience: 'a', scope: 's' }).toKey();
    return { types, chain: e instanceof sdk.GenericError && e instanceof Error, error: e.error, key };
  }, names);
  for (const n of names) assert.equal(r.types[n], 'function', n);
  assert.deepEqual([r.chain, r.error, r.key], [true, 'missing_refresh_token', '@@auth0spajs@@::c::a::s']);
});

test('one dpopNonceId used against two servers never sends one server\'s nonce to the other', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f8', useDpop: true });
    const { fn, seen } = fakeFetch([{ status: 200, headers: { 'DPoP-Nonce': 'from-a' } }]);
    const f = c.createFetcher({ fetch: fn, dpopNonceId: 'shared', getAccessToken: async () => 't' });
    await f.fetchWithAuth('https://a.example/x');
    await f.fetchWithAuth('https://b.example/x');
    await f.fetchWithAuth('https://a.example/y');
    return seen.map((s) => claims(s.dpop).nonce ?? null);
  });
  assert.deepEqual(r, [null, null, 'from-a']);
});

test('generateDpopProof without a method is a coded error, not htm "undefined"', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f9', useDpop: true });
    try { await c.generateDpopProof({ url: 'https://a.example/' }); return 'resolved'; } catch (e) { return e.code; }
  });
  assert.equal(r, 'invalid_argument');
});

test('a fetch that times out becomes TimeoutError (code timeout) with the original as cause', async () => {
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: 'as.example', clientId: 'f10', useDpop: true });
    const boom = new DOMException('signal timed out', 'TimeoutError');
    try {
      await c.createFetcher({ fetch: async () => { throw boom; }, getAccessToken: async () => 't' }).fetchWithAuth('https://rs.example/');
    } catch (e) {
      return { timeout: e instanceof sdk.TimeoutError, code: e.code, cause: e.cause === boom };
    }
  });
  assert.deepEqual(r, { timeout: true, code: 'timeout', cause: true });
});

test('loginWithRedirect: auth0-spa-js scope defaults, extra parameters pass through, protocol parameters win', async () => {
  const r = await page.evaluate(async () => {
    const urls = [];
    const open = (u) => { urls.push(new URL(u)); };
    const base = { domain: 'http://127.0.0.1:9', clientId: 'sc', useDpop: true, authorizationParams: { redirect_uri: location.origin + '/', audience: 'https://api/' } };
    await new sdk.Auth0Client(base).loginWithRedirect({ openUrl: open });
    await new sdk.Auth0Client({ ...base, useRefreshTokens: true, authorizationParams: { ...base.authorizationParams, scope: 'read:data' } })
      .loginWithRedirect({ openUrl: open, authorizationParams: { prompt: 'login', state: 'forged', code_challenge_method: 'plain', organization: undefined } });
    await new sdk.Auth0Client({ ...base, useDpop: false }).loginWithRedirect({ openUrl: open, authorizationParams: { dpop_jkt: 'forged' } });
    await new sdk.Auth0Client({ ...base, authorizationParams: { special: 'a b&c=d é~*', constructor: 'kept' } }).loginWithRedirect({ openUrl: open });
    return urls.map((u) => ({ path: u.origin + u.pathname, q: Object.fromEntries(u.searchParams), search: u.search, keys: [...u.searchParams.keys()] }));
  });
  const [plain, custom, noDpop, special] = r;
  assert.equal(plain.path, 'http://127.0.0.1:9/authorize');
  assert.equal(plain.q.scope, 'openid profile email');
  assert.equal(plain.q.audience, 'https://api/');
  assert.equal(plain.q.response_type, 'code');
  assert.equal(plain.q.response_mode, 'query');
  assert.equal(plain.q.code_challenge_method, 'S256');
  assert.match(plain.q.code_challenge, /^[A-Za-z0-9_-]{43}$/);
  assert.match(plain.q.dpop_jkt, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(custom.q.scope, 'openid read:data offline_access', 'as auth0-spa-js: openid + the given scope (+ offline_access)');
  assert.equal(custom.q.prompt, 'login');
  assert.notEqual(custom.q.state, 'forged', 'the SDK owns state');
  assert.equal(custom.q.code_challenge_method, 'S256', 'and the PKCE method');
  assert.ok(!('organization' in custom.q), 'undefined parameters are left out');
  assert.ok(!('dpop_jkt' in noDpop.q), 'without DPoP there is no dpop_jkt, not even a caller-given one');
  assert.match(plain.q.redirect_uri, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'values round-trip through the form encoding');
  assert.match(special.search, /[?&]special=a\+b%26c%3Dd\+%C3%A9%7E\*&/, 'WHATWG form encoding');
  assert.equal(special.q.constructor, 'kept', 'any name the SDK does not own passes through');
  assert.deepEqual(special.keys.slice(-7), ['response_type', 'response_mode', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'dpop_jkt'], "the caller's parameters first, then the protocol's");
});
