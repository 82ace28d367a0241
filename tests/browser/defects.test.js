// Regression tests for defects found in review, each against the release package (pkg/) in
// real headless Chromium and the local test server. Every test names the fix it covers; each
// fails when that fix is reverted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipUnless } from '../support.js';
import { launch, openPage } from './browser.js';
import { startServer } from './server.js';

let browser, srv;
before(async () => { [browser, srv] = await Promise.all([launch(), startServer()]); });
after(async () => { await browser?.close(); await srv?.close(); });

const fresh = async (opts) => {
  const context = await browser.newContext();
  const page = await openPage(context, srv.origin, opts);
  return { context, page };
};
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));

// Covers: client.js normalizeMethod (FETCH_METHODS: the six methods fetch() upper-cases, any
// other kept as given) and the URL.canParse check in generateDpopProof (a coded invalid_url,
// where `new URL('/api/x')` would throw a TypeError).
test('generateDpopProof: htm normalised as fetch() normalises methods; a relative url is a coded invalid_url', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'methods', useDpop: true });
    const out = {};
    for (const m of ['get', 'Post', 'delete', 'head', 'options', 'put', 'patch', 'Custom']) {
      const p = await v.verifyProof(await c.generateDpopProof({ url: 'https://rs.example/x', method: m }));
      // What fetch itself would send for this method: the reference htm must match.
      out[m] = { htm: p.claims.htm, valid: p.valid, fetchSends: new Request('https://rs.example/x', { method: m }).method };
    }
    let relative;
    try {
      await c.generateDpopProof({ url: '/api/x', method: 'GET' });
      relative = 'resolved';
    } catch (e) {
      relative = { generic: e instanceof sdk.GenericError, typeError: e instanceof TypeError, code: e.code, error: e.error };
    }
    // With the engine loaded (the fast path), a missing url is still the coded error.
    const noUrl = await c.generateDpopProof({ method: 'GET' }).then(() => 'resolved', (e) => ({ generic: e instanceof sdk.GenericError, code: e.code }));
    return { out, relative, noUrl };
  });
  assert.deepEqual(r.noUrl, { generic: true, code: 'invalid_argument' });
  const expected = { get: 'GET', Post: 'POST', delete: 'DELETE', head: 'HEAD', options: 'OPTIONS', put: 'PUT', patch: 'patch', Custom: 'Custom' };
  for (const [m, htm] of Object.entries(expected)) {
    assert.equal(r.out[m].valid, true, m);
    assert.equal(r.out[m].htm, htm, m);
    assert.equal(r.out[m].htm, r.out[m].fetchSends, `${m}: the method fetch() sends`);
  }
  assert.deepEqual(r.relative, { generic: true, typeError: false, code: 'invalid_url', error: 'invalid_url' });
  await context.close();
});

// Covers: engine.js send(), `new Request(req.clone(), { body, referrer: req.referrer,
// referrerPolicy: req.referrerPolicy })` — a Request made with a non-empty init resets its
// referrer to the page ("client") unless the init names it again.
test('fetchWithAuth keeps the referrer and its policy on every attempt, the nonce retry included', async () => {
  const { context, page } = await fresh();
  const referrer = `${srv.origin}/some/page?q=1`;
  const r = await page.evaluate(async ({ origin, referrer }) => {
    const c = await sdk.createAuth0Client({ domain: origin, clientId: 'referrer', useDpop: true });
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
    const post = await f.fetchWithAuth(`${origin}/api/nonce/referrer-post`, { method: 'POST', body: 'x', referrer, referrerPolicy: 'unsafe-url' });
    const get = await f.fetchWithAuth(`${origin}/api/nonce/referrer-get`, { referrer, referrerPolicy: 'unsafe-url' });
    return { post: post.status, get: get.status, page: location.href };
  }, { origin: srv.origin, referrer });
  assert.equal(r.post, 200);
  assert.equal(r.get, 200);
  for (const path of ['/api/nonce/referrer-post', '/api/nonce/referrer-get']) {
    const sent = srv.log.filter((e) => e.path === path);
    assert.equal(sent.length, 2, `${path}: one nonce retry`);
    // The first attempt has no nonce or the origin's stale one; the retry has the one just issued.
    assert.match(claimsOf(sent[1].dpop).nonce, /^n-\d+$/, `${path}: the second attempt is the nonce retry`);
    assert.notEqual(claimsOf(sent[1].dpop).nonce, claimsOf(sent[0].dpop).nonce, path);
    assert.deepEqual(sent.map((e) => e.referer), [referrer, referrer], `${path}: never the page (${r.page})`);
  }
  const posted = srv.log.filter((e) => e.path === '/api/nonce/referrer-post');
  assert.equal(posted[1].bodySha256, posted[0].bodySha256, 'the body still goes with the retry');
  await context.close();
});

// Covers: src/core/challenge.rs resynchronisation — a malformed challenge drops only itself
// (the Bearer one must not hide the DPoP one), and a malformed DPoP challenge never triggers a
// retry; engine.js send() returns the response when judge() accepts it.
test('WWW-Authenticate: a malformed Bearer challenge does not hide the DPoP one; a malformed DPoP one is no retry', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async (origin) => {
    const c = await sdk.createAuth0Client({ domain: origin, clientId: 'malformed', useDpop: true });
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
    const out = {};
    for (const mode of ['malformed', 'malformeddpop']) {
      try {
        const res = await f.fetchWithAuth(`${origin}/api/${mode}/x`);
        out[mode] = { status: res.status, www: res.headers.get('www-authenticate'), nonce: res.headers.get('dpop-nonce') };
      } catch (e) {
        out[mode] = { rejected: e.code ?? String(e) };
      }
    }
    return out;
  }, srv.origin);
  const good = srv.log.filter((e) => e.path === '/api/malformed/x');
  assert.equal(r.malformed.status, 200, JSON.stringify(r.malformed));
  assert.equal(good.length, 2, 'exactly one retry');
  assert.equal(claimsOf(good[0].dpop).nonce, undefined);
  assert.match(claimsOf(good[1].dpop).nonce, /^n-\d+$/, 'the retry carries the issued nonce');
  const bad = srv.log.filter((e) => e.path === '/api/malformeddpop/x');
  assert.equal(r.malformeddpop.status, 401, JSON.stringify(r.malformeddpop));
  assert.equal(r.malformeddpop.www, 'Bearer realm="api", DPoP error="use_dpop_nonce" junk');
  assert.match(r.malformeddpop.nonce, /^n-\d+$/, 'the server did offer a nonce');
  assert.equal(bad.length, 1, 'no retry on a malformed DPoP challenge');
  await context.close();
});

// Covers: engine.js guard() — an import that throws (not a `catch` import, so the exception
// unwinds through the wasm) makes the engine replace the instance and retry once; and
// Engine#core making a fresh Core in the new instance.
test('a throwing import (Date.now) in the middle of a proof: the call still resolves, the client keeps working', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async (api) => {
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'poison-now', useDpop: true });
    const url = `${location.origin}/r`;
    const first = await v.verifyProof(await c.generateDpopProof({ url, method: 'GET' }));
    const jkt0 = await c.getDpopThumbprint();
    const realNow = Date.now;
    let injected = 0;
    // Throws once (signProof reads the time through this import), then is the real one again.
    Date.now = () => { Date.now = realNow; injected++; throw new Error('injected'); };
    let proof;
    try {
      proof = await v.verifyProof(await c.generateDpopProof({ url, method: 'POST' }));
    } catch (e) {
      proof = { rejected: `${e?.code ?? ''} ${e}` };
    } finally {
      Date.now = realNow;
    }
    const more = await Promise.all([0, 1, 2].map(async () => v.verifyProof(await c.generateDpopProof({ url, method: 'GET' }))));
    await c.setDpopNonce('abc', 'api');
    const nonce = await c.getDpopNonce('api');
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
    const status = (await f.fetchWithAuth(api)).status;
    return { injected, first: first.jkt, jkt0, proof, more: more.map((p) => [p.valid, p.jkt]), nonce, status, jkt1: await c.getDpopThumbprint() };
  }, `${srv.origin}/api/nonce/poison-now`);
  assert.equal(r.injected, 1, 'the import did throw');
  assert.equal(r.proof.rejected, undefined, r.proof.rejected);
  assert.equal(r.proof.valid, true);
  assert.equal(r.proof.claims.htm, 'POST');
  assert.equal(r.proof.jkt, r.jkt0, 'same key');
  assert.deepEqual(r.more, [[true, r.jkt0], [true, r.jkt0], [true, r.jkt0]]);
  assert.equal(r.nonce, 'abc');
  assert.equal(r.status, 200);
  assert.equal(srv.log.filter((e) => e.path === '/api/nonce/poison-now').length, 2);
  assert.equal(r.jkt1, r.jkt0, 'thumbprint unchanged');
  assert.equal(r.first, r.jkt0);
  await context.close();
});

// Covers: engine.js guard()'s first line — the core's coded errors are rethrown, not retried
// on a new instance. crypto.getRandomValues is a `catch` import (src/browser/webcrypto.rs
// random_bytes), so its throw comes back as a coded crypto_error with the exception as cause:
// nothing is poisoned and there is nothing to replace.
test('getRandomValues throwing once: a coded crypto_error with the cause, and the client is not poisoned', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async (api) => {
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'poison-random', useDpop: true });
    const url = `${location.origin}/r`;
    await c.generateDpopProof({ url, method: 'GET' }); // key loaded
    const jkt0 = await c.getDpopThumbprint();
    const boom = new DOMException('injected', 'OperationError');
    let injected = 0;
    // An own property shadowing Crypto.prototype's, removed by its first call.
    crypto.getRandomValues = () => { delete crypto.getRandomValues; injected++; throw boom; };
    let outcome;
    try {
      const p = await v.verifyProof(await c.generateDpopProof({ url, method: 'GET' }));
      outcome = { resolved: p.valid };
    } catch (e) {
      outcome = { generic: e instanceof sdk.GenericError, code: e.code, cause: e.cause === boom };
    }
    delete crypto.getRandomValues;
    const more = await Promise.all([0, 1, 2].map(async () => v.verifyProof(await c.generateDpopProof({ url, method: 'GET' }))));
    await c.setDpopNonce('abc', 'api');
    const nonce = await c.getDpopNonce('api');
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
    const status = (await f.fetchWithAuth(api)).status;
    return { injected, outcome, jkt0, more: more.map((p) => [p.valid, p.jkt]), nonce, status, jkt1: await c.getDpopThumbprint() };
  }, `${srv.origin}/api/nonce/poison-random`);
  assert.equal(r.injected, 1, 'the import did throw');
  assert.deepEqual(r.outcome, { generic: true, code: 'crypto_error', cause: true });
  assert.deepEqual(r.more, [[true, r.jkt0], [true, r.jkt0], [true, r.jkt0]]);
  assert.equal(r.nonce, 'abc');
  assert.equal(r.status, 200);
  assert.equal(srv.log.filter((e) => e.path === '/api/nonce/poison-random').length, 2);
  assert.equal(r.jkt1, r.jkt0, 'thumbprint unchanged');
  await context.close();
});

// Covers: engine.js guard() around Core methods — an import throwing inside Core.prepare
// (Array.of, building its [htu, origin, nonce] result) leaves wasm-bindgen's borrow flag of
// that Core set; without the instance replacement every later Core call would fail with
// "recursive use of an object".
test('a throwing import in the middle of a nonce operation (Core.prepare): the fetch and every later nonce call work', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async (origin) => {
    const c = await sdk.createAuth0Client({ domain: origin, clientId: 'poison-nonce', useDpop: true });
    await c.generateDpopProof({ url: `${origin}/r`, method: 'GET' }); // key loaded
    const jkt0 = await c.getDpopThumbprint();
    const realOf = Array.of;
    let arm = true;
    let injected = 0;
    const f = c.createFetcher({
      getAccessToken: async () => {
        // Armed from the last caller code before the engine's first Core.prepare of this fetch.
        if (arm) { arm = false; Array.of = function () { Array.of = realOf; injected++; throw new Error('injected'); }; }
        return { access_token: 'tok', token_type: 'DPoP' };
      },
    });
    let first;
    try { first = (await f.fetchWithAuth(`${origin}/api/nonce/poison-nonce-1`)).status; } catch (e) { first = `${e?.code ?? ''} ${e}`; } finally { Array.of = realOf; }
    const out = { injected, first, jkt0 };
    try {
      await c.setDpopNonce('abc', 'api');
      out.nonce = await c.getDpopNonce('api');
      out.second = (await f.fetchWithAuth(`${origin}/api/nonce/poison-nonce-2`)).status;
      out.proof = (await v.verifyProof(await c.generateDpopProof({ url: `${origin}/r`, method: 'GET' }))).valid;
      out.jkt1 = await c.getDpopThumbprint();
    } catch (e) {
      out.later = `${e?.code ?? ''} ${e}`;
    }
    return out;
  }, srv.origin);
  assert.equal(r.injected, 1, 'the import did throw');
  assert.equal(r.first, 200);
  assert.equal(r.later, undefined, r.later);
  assert.equal(r.nonce, 'abc');
  assert.equal(r.second, 200);
  assert.equal(r.proof, true);
  assert.equal(r.jkt1, r.jkt0, 'thumbprint unchanged');
  assert.equal(srv.log.filter((e) => e.path === '/api/nonce/poison-nonce-1').length, 2);
  assert.equal(srv.log.filter((e) => e.path === '/api/nonce/poison-nonce-2').length, 2);
  await context.close();
});

// Covers: engine.js isKey/isPair — a stored record is used only when it is an ECDSA P-256
// pair whose private key is not extractable and can sign; anything else is replaced.
test('stored keys are validated: extractable, P-384, RSA, ECDH and garbage records are replaced; a good one is kept', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async () => {
    const g = (alg, extractable, usages) => crypto.subtle.generateKey(alg, extractable, usages);
    const planted = {
      extractable: await g({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']),
      p384: await g({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']),
      rsa: await g({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['sign', 'verify']),
      ecdh: await g({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
      garbage: { privateKey: 1, publicKey: 'x' },
      good: await g({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']), // the control: kept as is
    };
    // RFC 7638 thumbprint of a public CryptoKey, computed here (not by the SDK).
    const thumbprint = async (key) => {
      if (!(key instanceof CryptoKey)) return null;
      const j = await crypto.subtle.exportKey('jwk', key);
      const members = j.kty === 'RSA' ? { e: j.e, kty: j.kty, n: j.n } : { crv: j.crv, kty: j.kty, x: j.x, y: j.y };
      return v.sha256(JSON.stringify(members));
    };
    // Planted before the SDK ever opens the database, with the SDK's schema (version 2).
    await new Promise((resolve, reject) => {
      const req = indexedDB.open('dpop-spa', 2);
      req.onupgradeneeded = () => { for (const s of ['keys', 'meta']) req.result.createObjectStore(s); };
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('keys', 'readwrite');
        for (const [name, pair] of Object.entries(planted)) tx.objectStore('keys').put(pair, `plant-${name}`);
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
    const out = {};
    for (const [name, pair] of Object.entries(planted)) {
      const plantedJkt = await thumbprint(pair.publicKey);
      const c = new sdk.Auth0Client({ domain: location.origin, clientId: `plant-${name}`, useDpop: true });
      let jkt, proof;
      try {
        jkt = await c.getDpopThumbprint();
        proof = await v.verifyProof(await c.generateDpopProof({ url: location.href, method: 'GET' }));
      } catch (e) {
        out[name] = { rejected: `${e?.code ?? ''} ${e}` };
        continue;
      }
      const s = await v.storedKeyPair(`plant-${name}`);
      const k = s?.privateKey;
      out[name] = {
        plantedJkt, jkt, proofValid: proof.valid, proofJkt: proof.jkt, storedPublicJkt: await thumbprint(s?.publicKey),
        stored: k instanceof CryptoKey
          ? { type: k.type, alg: k.algorithm.name, curve: k.algorithm.namedCurve, extractable: k.extractable, sign: k.usages.includes('sign'), pub: [s.publicKey?.type, s.publicKey?.algorithm?.name, s.publicKey?.algorithm?.namedCurve] }
          : { notAKey: String(k) },
      };
    }
    return out;
  });
  const storedOk = { type: 'private', alg: 'ECDSA', curve: 'P-256', extractable: false, sign: true, pub: ['public', 'ECDSA', 'P-256'] };
  for (const name of ['extractable', 'p384', 'rsa', 'ecdh', 'garbage']) {
    const c = r[name];
    assert.equal(c.rejected, undefined, `${name}: ${c.rejected}`);
    assert.equal(c.proofValid, true, name);
    assert.notEqual(c.jkt, c.plantedJkt, `${name}: the planted key is not used`);
    assert.equal(c.proofJkt, c.jkt, `${name}: the proof is made with the key the thumbprint names`);
    assert.deepEqual(c.stored, storedOk, `${name}: the record is replaced by a key of ours`);
    assert.equal(c.storedPublicJkt, c.jkt, `${name}: the stored key is the one in use`);
  }
  assert.equal(r.garbage.plantedJkt, null);
  assert.ok(r.extractable.plantedJkt && r.p384.plantedJkt && r.rsa.plantedJkt && r.ecdh.plantedJkt);
  // The control: a valid record is used, and stays.
  assert.equal(r.good.rejected, undefined, r.good.rejected);
  assert.equal(r.good.jkt, r.good.plantedJkt, 'a valid stored key is used');
  assert.equal(r.good.proofJkt, r.good.plantedJkt);
  assert.equal(r.good.storedPublicJkt, r.good.plantedJkt);
  assert.deepEqual(r.good.stored, storedOk);
  await context.close();
});

// Covers: index.js exporting every runtime name of auth0-spa-js 2.28.3 (the fetcher test
// checks 17 of them, all functions; this compares the whole namespace and each typeof with
// the real module), unsupported.js/errors.js (not_supported sub-clients), client.js
// OUT_OF_SCOPE and the sub-client properties, getConfiguration, and names.js.
test("the whole export surface of auth0-spa-js 2.28.3: same names and types; unsupported APIs reject with not_supported", async () => {
  const { context, page } = await fresh();
  const since = srv.requests.length;
  const r = await page.evaluate(async (origin) => {
    const a0 = await import('/node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js');
    const names = Object.keys(a0);
    const surface = {
      count: names.length,
      missing: names.filter((n) => !(n in sdk)),
      typeMismatch: names.filter((n) => n in sdk && typeof sdk[n] !== typeof a0[n]).map((n) => `${n}: ${typeof sdk[n]} vs ${typeof a0[n]}`),
      // Error classes keep auth0-spa-js's hierarchy, so `instanceof GenericError` catches them.
      notGeneric: names.filter((n) => typeof a0[n] === 'function' && a0[n].prototype instanceof a0.GenericError && !(sdk[n]?.prototype instanceof sdk.GenericError)),
    };
    const rejection = async (f) => {
      try {
        await f();
        return 'resolved';
      } catch (e) {
        return { generic: e instanceof sdk.GenericError, typeError: e instanceof TypeError, code: e.code, message: e.message };
      }
    };
    const classMethods = {
      MfaApiClient: ['getAuthenticators', 'enroll', 'challenge', 'verify', 'getEnrollmentFactors'],
      MyAccountApiClient: ['connectAccount', 'getFactors'],
      PasskeyApiClient: ['signup', 'login'],
      AnonymousSessionApiClient: ['createSession', 'getTokenSilently'],
      AnonymousSessionClient: ['createSession', 'getAccessToken'],
    };
    const classes = {};
    for (const [cls, methods] of Object.entries(classMethods)) {
      for (const m of methods) classes[`${cls}.${m}`] = await rejection(() => new sdk[cls]()[m]());
    }
    const c = new sdk.Auth0Client({ domain: 'Tenant.Example.com/', clientId: 'surface', useDpop: true });
    const subMethods = { mfa: classMethods.MfaApiClient, myAccount: classMethods.MyAccountApiClient, passkey: classMethods.PasskeyApiClient, anonymous: classMethods.AnonymousSessionApiClient };
    const subs = {};
    for (const [sub, methods] of Object.entries(subMethods)) {
      for (const m of methods) subs[`${sub}.${m}`] = await rejection(() => c[sub][m]());
    }
    const outOfScope = {};
    for (const m of ['connectAccountWithRedirect', 'exchangeToken', 'loginWithCustomTokenExchange']) outOfScope[m] = await rejection(() => c[m]());
    const config = c.getConfiguration();
    // The reference: auth0-spa-js's own client with the same options.
    let reference;
    try { reference = new a0.Auth0Client({ domain: 'Tenant.Example.com/', clientId: 'surface' }).getConfiguration(); } catch (e) { reference = `threw: ${e}`; }
    // isFederatedDomain: the test server answers WebFinger (200 for fed.example only); with
    // customFetch both libraries must ask for the same URL.
    const urls = { dpop: [], a0: [] };
    const fake = (list) => async (u) => { list.push(String(u)); return new Response('{}', { status: 200 }); };
    const federated = {
      fed: await sdk.isFederatedDomain(origin, 'fed.example'),
      fedUpper: await sdk.isFederatedDomain(origin, 'FED.Example'),
      other: await sdk.isFederatedDomain(origin, 'other.example'),
      unreachable: await sdk.isFederatedDomain('http://127.0.0.1:1', 'fed.example'),
      custom: await sdk.isFederatedDomain('tenant.example', 'fed.example', { customFetch: fake(urls.dpop) }),
      a0custom: await a0.isFederatedDomain('tenant.example', 'fed.example', { customFetch: fake(urls.a0) }),
    };
    return {
      surface, classes, subs, outOfScope, federated, urls, reference,
      config: { value: { ...config }, keys: Object.keys(config), frozen: Object.isFrozen(config) },
      responseType: { ...sdk.ResponseType }, refreshTokenMode: { ...sdk.RefreshTokenMode },
      a0ResponseType: { ...a0.ResponseType }, a0RefreshTokenMode: { ...a0.RefreshTokenMode },
      user: typeof new sdk.User(), federatedIsPromise: sdk.isFederatedDomain('tenant.example', 'x', { customFetch: fake([]) }) instanceof Promise,
    };
  }, srv.origin);
  assert.ok(r.surface.count >= 30, `auth0-spa-js exports ${r.surface.count} names`);
  assert.deepEqual(r.surface.missing, [], 'every name of auth0-spa-js is exported');
  assert.deepEqual(r.surface.typeMismatch, [], 'with the same typeof');
  assert.deepEqual(r.surface.notGeneric, [], 'error classes extend GenericError as in auth0-spa-js');
  for (const [name, e] of Object.entries({ ...r.classes, ...r.subs })) {
    const method = name.split('.')[1];
    assert.equal(e.generic, true, `${name}: ${JSON.stringify(e)}`);
    assert.equal(e.typeError, false, name);
    assert.equal(e.code, 'not_supported', name);
    assert.ok(e.message.includes(method), `${name}: the message names the method (${e.message})`);
  }
  for (const [name, e] of Object.entries(r.outOfScope)) {
    assert.deepEqual([e.generic, e.typeError, e.code], [true, false, 'not_supported'], `${name}: ${JSON.stringify(e)}`);
    assert.ok(e.message.includes(name), name);
  }
  assert.deepEqual(r.config, { value: { domain: 'Tenant.Example.com/', clientId: 'surface' }, keys: ['domain', 'clientId'], frozen: true });
  if (typeof r.reference === 'object') assert.deepEqual(r.config.value, r.reference, "as auth0-spa-js's getConfiguration");
  assert.deepEqual(r.responseType, { Code: 'code', ConnectCode: 'connect_code' });
  assert.deepEqual(r.refreshTokenMode, { Offline: 'offline', Online: 'online' });
  assert.deepEqual(r.responseType, r.a0ResponseType);
  assert.deepEqual(r.refreshTokenMode, r.a0RefreshTokenMode);
  assert.equal(r.user, 'object');
  assert.equal(r.federatedIsPromise, true);
  assert.deepEqual(r.federated, { fed: true, fedUpper: true, other: false, unreachable: false, custom: true, a0custom: true });
  assert.equal(r.urls.dpop.length, 1);
  assert.deepEqual(r.urls.dpop, r.urls.a0, 'the WebFinger URL auth0-spa-js asks for');
  const finger = srv.requests.slice(since).filter((q) => q.path === '/.well-known/webfinger').map((q) => new URLSearchParams(q.search));
  assert.deepEqual(finger.map((q) => q.get('resource')), ['urn:auth0:discovery:domain:fed.example', 'urn:auth0:discovery:domain:fed.example', 'urn:auth0:discovery:domain:other.example']);
  assert.ok(finger.every((q) => q.get('rel') === 'http://openid.net/specs/connect/1.0/issuer'));
  await context.close();
});

// Covers: client.js _silent's window.crossOriginIsolated check — an isolated page cannot
// receive the hidden iframe's web_message, so silent authentication fails at once with
// login_required instead of starting an iframe that would wait out its timeout.
test('crossOriginIsolated page: getTokenSilently rejects login_required at once, no iframe, no /authorize', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${srv.origin}/coi.html`);
  const since = srv.requests.length;
  const r = await page.evaluate(async () => {
    window.sdk = await import('/pkg/index.js');
    const added = [];
    new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) if (n.nodeName === 'IFRAME') added.push(n.src); })
      .observe(document, { childList: true, subtree: true });
    const out = { coi: window.crossOriginIsolated };
    for (const [name, extra] of [['dpop', { useDpop: true }], ['plain', {}]]) {
      const c = await sdk.createAuth0Client({ domain: location.origin, clientId: `coi-${name}`, ...extra });
      // A bound on the wait: without the check the iframe would wait its 60 s timeout.
      out[name] = await Promise.race([
        c.getTokenSilently().then(() => ({ resolved: true }), (e) => ({ generic: e instanceof sdk.GenericError, error: e.error, code: e.code })),
        new Promise((ok) => setTimeout(() => ok({ pending: true }), 5000)),
      ]);
    }
    await new Promise((ok) => setTimeout(ok, 0)); // the observer's records
    return { ...out, added, iframes: document.querySelectorAll('iframe').length };
  });
  assert.equal(r.coi, true, 'the page is cross-origin isolated');
  for (const name of ['dpop', 'plain']) assert.deepEqual(r[name], { generic: true, error: 'login_required', code: 'login_required' }, name);
  assert.deepEqual(r.added, [], 'no iframe was added');
  assert.equal(r.iframes, 0);
  assert.deepEqual(srv.requests.slice(since).filter((q) => q.path === '/authorize'), [], 'nothing asked of /authorize');
  assert.deepEqual((await page.consoleMessages()).filter((m) => !m.startsWith('[dpop-spa]')), []);
  await context.close();
});

// Not fixed yet (marked todo, so it reports without failing the run): after guard() replaces
// the wasm instance, the Cores still alive from the old instance stay registered with
// Covers: per-client nonce state is a handle into the current instance's table (no wasm-bindgen
// class whose FinalizationRegistry would free old pointers through the new instance).
test('after an instance reset, collecting clients of the old instance does not corrupt the new one', async (t) => {
  if (skipUnless(t, browser.can.cdp, 'forced-gc')) return;
  const context = await browser.newContext();
  const page = await openPage(context, srv.origin, {
    initScript: () => {
      delete window.BroadcastChannel; // as in browsers without it: clients can be collected
      const FR = FinalizationRegistry;
      window.finalized = 0;
      window.FinalizationRegistry = class extends FR { constructor(cb) { super((held) => { window.finalized++; cb(held); }); } };
    },
  });
  const cdp = await page.cdp();
  await page.evaluate(async () => {
    window.old = [];
    for (let i = 0; i < 20; i++) {
      const c = new sdk.Auth0Client({ domain: location.origin, clientId: `old${i}`, useDpop: true });
      await c.setDpopNonce(`old-${i}`, 'api'); // a Core in the first instance
      window.old.push(c);
    }
    const a = new sdk.Auth0Client({ domain: location.origin, clientId: 'resetter', useDpop: true });
    await a.generateDpopProof({ url: location.href, method: 'GET' });
    const realNow = Date.now;
    Date.now = () => { Date.now = realNow; throw new Error('injected'); }; // the reset (as above)
    await a.generateDpopProof({ url: location.href, method: 'GET' });
    window.live = [];
    for (let i = 0; i < 20; i++) {
      const c = new sdk.Auth0Client({ domain: location.origin, clientId: `live${i}`, useDpop: true });
      await c.setDpopNonce(`live-${i}`, 'api'); // Cores in the new instance
      window.live.push(c);
    }
    window.old = null;
  });
  for (let i = 0; i < 10; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(50);
  }
  const r = await page.evaluate(async () => ({
    finalized: window.finalized,
    nonces: await Promise.all(window.live.map(async (c) => { try { return await c.getDpopNonce('api'); } catch (e) { return `ERR ${e.message}`; } })),
  }));
  assert.deepEqual(r.nonces, Array.from({ length: 20 }, (_, i) => `live-${i}`), 'the new instance\'s Cores are intact');
  await context.close();
});
