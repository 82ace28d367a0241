// The release package (pkg/) in real headless Chromium: keys, proofs, nonces, retries and
// bodies, against a real local HTTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

test('proof: verifies with the header jwk alone; claims, ath and thumbprint are right', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'c1', useDpop: true });
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const before = Math.floor(Date.now() / 1000);
    const jwt = await c.generateDpopProof({ url: 'HTTPS://user:pw@API.Example.com:443/r/x?q=1#frag', method: 'PATCH', nonce: 'nonce-1', accessToken: token });
    const bare = await c.generateDpopProof({ url: 'http://127.0.0.1:8080/t', method: 'POST' });
    return { p: await v.verifyProof(jwt), bare: await v.verifyProof(bare), ath: await v.sha256(token), before, after: Math.floor(Date.now() / 1000), jkt: await c.getDpopThumbprint() };
  });
  assert.equal(r.p.valid, true);
  assert.deepEqual(Object.keys(r.p.header).sort(), ['alg', 'jwk', 'typ']);
  assert.equal(r.p.header.typ, 'dpop+jwt');
  assert.equal(r.p.header.alg, 'ES256');
  assert.deepEqual(Object.keys(r.p.header.jwk).sort(), ['crv', 'kty', 'x', 'y'], 'never d, ext or key_ops');
  assert.equal(r.p.claims.htu, 'https://api.example.com/r/x');
  assert.equal(r.p.claims.htm, 'PATCH');
  assert.equal(r.p.claims.nonce, 'nonce-1');
  assert.equal(r.p.claims.ath, r.ath);
  assert.ok(r.p.claims.iat >= r.before && r.p.claims.iat <= r.after);
  assert.match(r.p.claims.jti, /^[A-Za-z0-9_-]{22,}$/, '>= 128 bits');
  assert.equal(r.bare.valid, true);
  assert.equal(r.bare.claims.htu, 'http://127.0.0.1:8080/t');
  assert.ok(!('nonce' in r.bare.claims) && !('ath' in r.bare.claims), 'nonce and ath only when given');
  assert.equal(r.jkt, r.p.jkt, 'thumbprint equals an independent RFC 7638 computation');
  assert.equal(r.bare.jkt, r.p.jkt, 'one key');
  await context.close();
});

test('key: not extractable after creation and after an IndexedDB round trip in a fresh page', async () => {
  const context = await browser.newContext();
  const p1 = await openPage(context, srv.origin);
  const first = await p1.evaluate(async () => {
    const c = new sdk.Auth0Client({ domain: location.origin, clientId: 'c2', useDpop: true });
    const jkt = await c.getDpopThumbprint();
    const pair = await v.storedKeyPair('c2');
    return { jkt, extractable: pair.privateKey.extractable, rejects: await v.privateKeyExportRejects(pair) };
  });
  assert.equal(first.extractable, false);
  assert.equal(first.rejects, true);
  await p1.close();
  const p2 = await openPage(context, srv.origin);
  const second = await p2.evaluate(async () => {
    const pair = await v.storedKeyPair('c2');
    const c = new sdk.Auth0Client({ domain: location.origin, clientId: 'c2', useDpop: true });
    const proof = await v.verifyProof(await c.generateDpopProof({ url: location.href, method: 'GET' }));
    return { jkt: await c.getDpopThumbprint(), rejects: await v.privateKeyExportRejects(pair), proof };
  });
  assert.equal(second.jkt, first.jkt, 'the fresh page uses the stored key');
  assert.equal(second.rejects, true);
  assert.equal(second.proof.valid, true);
  assert.deepEqual(await p2.consoleMessages(), []);
  await context.close();
});

test('key: concurrent first calls in one page and in two pages opened together give one key', async () => {
  const context = await browser.newContext();
  const pages = await Promise.all([openPage(context, srv.origin), openPage(context, srv.origin)]);
  const run = (page) => page.evaluate(async () => {
    // Count key generations: single-flight means one per page at most.
    let generated = 0;
    const gen = crypto.subtle.generateKey.bind(crypto.subtle);
    crypto.subtle.generateKey = (...a) => { generated += 1; return gen(...a); };
    const c = new sdk.Auth0Client({ domain: location.origin, clientId: 'shared', useDpop: true });
    const proofs = await Promise.all(Array.from({ length: 8 }, () => c.generateDpopProof({ url: location.href, method: 'GET' })));
    const jkts = await Promise.all(proofs.map(async (p) => (await v.verifyProof(p)).jkt));
    return { jkts: [...new Set(jkts)], generated };
  });
  const [a, b] = await Promise.all(pages.map(run));
  assert.equal(a.jkts.length, 1, 'one key within a page');
  assert.ok(a.generated <= 1 && b.generated <= 1, 'one load per page, not one per call');
  assert.equal(a.generated + b.generated >= 1, true);
  assert.deepEqual(a.jkts, b.jkts, 'both pages use the same key');
  assert.equal(await pages[0].evaluate(() => v.storedKeyCount()), 1);
  await context.close();
});

for (const [name, initScript] of [
  ['absent', () => { Object.defineProperty(window, 'indexedDB', { get: () => undefined }); }],
  ['open throws', () => { IDBFactory.prototype.open = () => { throw new DOMException('blocked by policy', 'SecurityError'); }; }],
  ['open fails', () => {
    IDBFactory.prototype.open = function () {
      const req = new EventTarget();
      setTimeout(() => { Object.defineProperty(req, 'error', { value: new DOMException('no', 'InvalidStateError') }); req.onerror?.(new Event('error')); });
      return req;
    };
  }],
]) {
  test(`IndexedDB ${name}: proofs and fetches still work, one idb_unavailable warning`, async () => {
    const { context, page } = await fresh({ initScript });
    const r = await page.evaluate(async (api) => {
      let generated = 0;
      const gen = crypto.subtle.generateKey.bind(crypto.subtle);
      crypto.subtle.generateKey = (...a) => { generated += 1; return gen(...a); };
      const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'noidb', useDpop: true });
      const [p1, p2] = await Promise.all([0, 1].map(async () => v.verifyProof(await c.generateDpopProof({ url: location.href, method: 'GET' }))));
      if (generated !== 1) throw new Error(`expected one in-memory key, generated ${generated}`);
      const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
      const res = await f.fetchWithAuth(api);
      return { valid: p1.valid && p2.valid, same: p1.jkt === p2.jkt, status: res.status };
    }, `${srv.origin}/api/nonce/noidb`);
    assert.deepEqual(r, { valid: true, same: true, status: 200 });
    const messages = await page.consoleMessages();
    const warnings = messages.filter((m) => String(m).includes('idb_unavailable'));
    assert.equal(warnings.length, 1, messages.join('\n'));
    await context.close();
  });
}

test('nonce retry: exactly once, new jti, the stored nonce, learned per origin and per dpopNonceId', async () => {
  const { context, page } = await fresh();
  const path = '/api/nonce/retry-once';
  const r = await page.evaluate(async (url) => {
    const c = await sdk.createAuth0Client({ domain: 'http://127.0.0.1:1', clientId: 'n1', useDpop: true });
    await c.setDpopNonce('as-nonce');
    const f = c.createFetcher({ dpopNonceId: 'api', getAccessToken: async () => 'tok-1' });
    const res = await f.fetchWithAuth(url, { method: 'POST', body: 'x' });
    return { status: res.status, api: await c.getDpopNonce('api'), as: await c.getDpopNonce(), unknown: await c.getDpopNonce('nope') };
  }, srv.origin + path);
  const sent = srv.log.filter((e) => e.path === path);
  assert.equal(r.status, 200);
  assert.equal(sent.length, 2, 'one retry');
  const [c1, c2] = sent.map((e) => JSON.parse(Buffer.from(e.dpop.split('.')[1], 'base64url')));
  assert.notEqual(c1.jti, c2.jti);
  assert.equal(c1.nonce, undefined);
  assert.match(c2.nonce, /^n-\d+$/);
  assert.equal(sent[1].authorization, 'DPoP tok-1');
  assert.ok(r.api && r.api !== c2.nonce, 'the nonce sent with the 200 replaced the one before');
  assert.equal(r.as, 'as-nonce', 'an API nonce never lands in the authorization server slot');
  assert.equal(r.unknown, undefined);
  await context.close();
});

test('nonce retry: refused again or no nonce sent -> UseDpopNonceError, never a loop', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async (origin) => {
    const c = await sdk.createAuth0Client({ domain: origin, clientId: 'n2', useDpop: true });
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'dpop' }) });
    const out = {};
    for (const mode of ['always', 'nononce']) {
      try { await f.fetchWithAuth(`${origin}/api/${mode}/x`); out[mode] = 'resolved'; } catch (e) {
        out[mode] = { isUse: e instanceof sdk.UseDpopNonceError, isGeneric: e instanceof sdk.GenericError, error: e.error, code: e.code, desc: e.error_description, nonce: e.newDpopNonce, msg: e.message };
      }
    }
    const bearer = await f.fetchWithAuth(`${origin}/api/bearer/x`);
    out.bearer = bearer.status;
    return out;
  }, srv.origin);
  assert.equal(r.always.isUse, true);
  assert.equal(r.always.isGeneric, true);
  assert.equal(r.always.error, 'use_dpop_nonce');
  assert.equal(r.always.code, 'use_dpop_nonce');
  assert.equal(r.always.desc, 'Resource server requires nonce in DPoP proof');
  assert.match(r.always.nonce, /^n-\d+$/);
  assert.ok(!r.always.msg.includes(r.always.nonce), 'nonce not in the message');
  assert.equal(srv.log.filter((e) => e.path === '/api/always/x').length, 2);
  assert.equal(r.nononce.isUse, true);
  assert.equal(r.nononce.nonce, undefined);
  assert.equal(srv.log.filter((e) => e.path === '/api/nononce/x').length, 1);
  assert.equal(r.bearer, 401, 'a Bearer challenge error is not a DPoP nonce error');
  assert.equal(srv.log.filter((e) => e.path === '/api/bearer/x').length, 1);
  await context.close();
});

test('bodies arrive byte-identical on the retry, Request objects included', async () => {
  const { context, page } = await fresh();
  const kinds = await page.evaluate(async (origin) => {
    const c = await sdk.createAuth0Client({ domain: origin, clientId: 'b', useDpop: true });
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 255);
    const fd = new FormData(); fd.append('a', '1'); fd.append('file', new Blob([bytes]), 'f.bin');
    const stream = () => new ReadableStream({ start(ctl) { ctl.enqueue(bytes.slice(0, 1000)); ctl.enqueue(bytes.slice(1000)); ctl.close(); } });
    const cases = {
      string: () => [{ method: 'POST', body: 'héllo wörld' }],
      json: () => [{ method: 'PUT', body: JSON.stringify({ a: [1, 2, { b: 'c' }] }), headers: { 'content-type': 'application/json' } }],
      urlsearchparams: () => [{ method: 'POST', body: new URLSearchParams({ grant_type: 'x', a: 'b c' }) }],
      formdata: () => [{ method: 'POST', body: fd }],
      blob: () => [{ method: 'POST', body: new Blob([bytes], { type: 'application/octet-stream' }) }],
      arraybuffer: () => [{ method: 'POST', body: bytes.buffer.slice(0) }],
      stream: () => [{ method: 'POST', body: stream() }],
      request: (url) => [undefined, new Request(url, { method: 'POST', body: bytes, headers: { 'x-test': '1' } })],
    };
    // What each body must arrive as (FormData's boundary is random: checked for equality only).
    const expected = {
      string: await v.sha256('héllo wörld'), json: await v.sha256('{"a":[1,2,{"b":"c"}]}'),
      urlsearchparams: await v.sha256('grant_type=x&a=b+c'), blob: await v.sha256Bytes(bytes),
      arraybuffer: await v.sha256Bytes(bytes), stream: await v.sha256Bytes(bytes), request: await v.sha256Bytes(bytes),
    };
    const out = {};
    for (const [kind, make] of Object.entries(cases)) {
      const url = `${origin}/api/nonce/body-${kind}`;
      const [init, info] = make(url);
      const res = await f.fetchWithAuth(info ?? url, init);
      out[kind] = { status: res.status, sha: expected[kind] };
    }
    return out;
  }, srv.origin);
  for (const [kind, { status, sha }] of Object.entries(kinds)) {
    assert.equal(status, 200, kind);
    const sent = srv.log.filter((e) => e.path === `/api/nonce/body-${kind}`);
    assert.equal(sent.length, 2, `${kind}: retried once`);
    assert.ok(sent[0].bodyLength > 0, `${kind}: has a body`);
    if (kind === 'formdata' && sent[1].bodySha256 !== sent[0].bodySha256) {
      // Where the browser cannot read the form back into bytes (WebKit), the FormData itself
      // is sent again: the same fields under a new boundary of the same length.
      assert.equal(sent[1].bodyLength, sent[0].bodyLength, `${kind}: same length`);
      for (const e of sent) assert.match(e.contentType, /^multipart\/form-data; boundary=/);
      continue;
    }
    assert.equal(sent[1].bodySha256, sent[0].bodySha256, `${kind}: same bytes`);
    if (sha) assert.equal(sent[0].bodySha256, sha, `${kind}: the bytes the caller sent`);
    assert.equal(sent[1].contentType, sent[0].contentType, `${kind}: same content-type`);
  }
  await context.close();
});

test('IndexedDB open blocked by an old connection that never closes: in-memory key, one warning, and the upgrade completes once it closes', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async (api) => {
    // A connection at version 1 with no versionchange handler keeps the database from being
    // upgraded to the SDK's version 2, so the SDK's open is blocked.
    const old = await new Promise((resolve, reject) => {
      const req = indexedDB.open('dpop-spa', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('keys');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'blocked', useDpop: true });
    const proof = await v.verifyProof(await c.generateDpopProof({ url: location.href, method: 'GET' }));
    const f = c.createFetcher({ getAccessToken: async () => ({ access_token: 'tok', token_type: 'DPoP' }) });
    const status = (await f.fetchWithAuth(api)).status;
    old.close();
    // The blocked upgrade now runs (the SDK closes that late connection); a plain open sees it.
    const healed = await new Promise((resolve, reject) => {
      const req = indexedDB.open('dpop-spa');
      req.onsuccess = () => { const db = req.result; resolve({ version: db.version, stores: [...db.objectStoreNames].sort() }); db.close(); };
      req.onerror = () => reject(req.error);
    });
    return { valid: proof.valid, status, persistent: await c._engine().then((e) => e.isPersistent()), healed };
  }, `${srv.origin}/api/nonce/blocked`);
  assert.deepEqual(r, { valid: true, status: 200, persistent: false, healed: { version: 2, stores: ['keys', 'meta'] } });
  assert.equal((await page.consoleMessages()).filter((m) => String(m).includes('idb_unavailable')).length, 1);
  await context.close();
});

test('logout while the key is still being created, twice at once: the new key is the only one stored', async () => {
  const { context, page } = await fresh();
  const r = await page.evaluate(async () => {
    // Key generation waits until both logouts have started, so they overlap the first
    // key's creation for sure.
    let entered;
    const generating = new Promise((ok) => { entered = ok; });
    let release;
    const released = new Promise((ok) => { release = ok; });
    const gen = crypto.subtle.generateKey.bind(crypto.subtle);
    crypto.subtle.generateKey = async (...a) => { entered(); await released; return gen(...a); };
    const c = new sdk.Auth0Client({ domain: location.origin, clientId: 'race', useDpop: true });
    const first = c.generateDpopProof({ url: location.href, method: 'GET' });
    await generating;
    const logouts = Promise.all([c.logout({ openUrl: false }), c.logout({ openUrl: false })]);
    setTimeout(release, 50);
    await logouts;
    const [p1, p2] = [await v.verifyProof(await first), await v.verifyProof(await c.generateDpopProof({ url: location.href, method: 'GET' }))];
    const stored = await crypto.subtle.exportKey('jwk', (await v.storedKeyPair('race')).publicKey);
    return { valid: p1.valid && p2.valid, newKey: p1.jkt !== p2.jkt, storedIsNew: stored.x === p2.header.jwk.x, count: await v.storedKeyCount() };
  });
  assert.deepEqual(r, { valid: true, newKey: true, storedIsNew: true, count: 1 });
  await context.close();
});

test('no crypto.subtle (an insecure context): proofs reject with crypto_error naming the secure context', async () => {
  const { context, page } = await fresh({ initScript: () => { Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined }); } });
  const r = await page.evaluate(async () => {
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'insecure', useDpop: true });
    try {
      await c.generateDpopProof({ url: location.href, method: 'GET' });
      return { rejected: false };
    } catch (e) {
      return { rejected: true, generic: e instanceof sdk.GenericError, code: e.code, message: e.message };
    }
  });
  assert.equal(r.rejected, true);
  assert.equal(r.generic, true);
  assert.equal(r.code, 'crypto_error');
  assert.match(r.message, /secure context/);
  await context.close();
});
