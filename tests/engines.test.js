// Smoke test of the cross-engine adapter (tests/engines.js) in the engine DPOP_SPA_BROWSER names:
// every API method the tests use, the browser features the SDK needs, and the release package.
//   DPOP_SPA_BROWSER=firefox node --test tests/engines.test.js   (chromium | firefox | webkit)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, ENGINE } from './engines.js';

const pkg = fileURLToPath(new URL('../pkg/', import.meta.url));
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };
const html = (body) => `<!doctype html><meta charset=utf-8><title>t</title>${body}`;
const pages = {
  '/blank.html': html(''),
  // Reads what an init script left, from the page's own (inline, parser-blocking) script.
  '/script.html': html('<script>window.seenByPage = window.initRuns ?? null;</script>'),
  '/opener.html': html(`<button id=open onclick="window.popup = window.open('/popup.html', 'p', 'popup,width=320,height=240')">open</button>
    <button id=nav onclick="location.href = '/blank.html?clicked'">nav</button>`),
  '/popup.html': html('<p>popup</p>'),
};

let browser, strict, server, origin, dir;
const launchMs = {};
const timed = async (name, f) => { const t = Date.now(); const r = await f(); launchMs[name] = Date.now() - t; return r; };

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (pages[url.pathname]) {
      const headers = { 'content-type': 'text/html' };
      if (url.searchParams.has('cookie')) headers['set-cookie'] = `srv=${url.searchParams.get('cookie')}; Path=/; SameSite=Lax`;
      return res.writeHead(200, headers).end(pages[url.pathname]);
    }
    if (url.pathname.startsWith('/pkg/')) {
      const file = normalize(join(pkg, url.pathname.slice(5)));
      if (!file.startsWith(pkg)) return res.writeHead(403).end();
      try { return res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(await readFile(file)); } catch { /* 404 */ }
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  dir = await mkdtemp(join(tmpdir(), 'engines-'));
  [browser, strict] = await Promise.all([timed('default', () => launch()), timed('popupBlocking', () => launch({ popupBlocking: true }))]);
  console.log(`# ${browser.name} ${browser.version()}: launch ${launchMs.default} ms, with popupBlocking ${launchMs.popupBlocking} ms (in parallel)`);
});
after(async () => {
  await Promise.all([browser?.close(), strict?.close()]);
  await new Promise((r) => server?.close(r));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fresh(b = browser) {
  const t = Date.now();
  const context = await b.newContext();
  const page = await context.newPage();
  return { context, page, ms: Date.now() - t };
}

test('launch: name, version, capabilities', () => {
  assert.equal(browser.name, ENGINE);
  assert.match(browser.version(), /\d+\.\d+/);
  assert.deepEqual(Object.keys(browser.can).sort(), ['cdp', 'heapSnapshot', 'screenshot']);
  assert.equal(browser.can.heapSnapshot, ENGINE === 'chromium');
});

test('goto, url, evaluate (values, arg, async, errors), reload', async (t) => {
  const { context, page, ms } = await fresh();
  t.diagnostic(`newContext + newPage: ${ms} ms`);
  await page.goto(`${origin}/blank.html?x=1`);
  assert.equal(await page.url(), `${origin}/blank.html?x=1`);
  assert.equal(await page.evaluate(() => document.readyState), 'complete');
  assert.equal(await page.evaluate((a) => a.n + 1, { n: 41 }), 42);
  assert.deepEqual(await page.evaluate(async ([a, b]) => { await new Promise((r) => setTimeout(r, 10)); return { sum: a + b, list: [1, 'x', null, true] }; }, [1, 2]),
    { sum: 3, list: [1, 'x', null, true] });
  assert.equal(await page.evaluate(() => undefined), undefined);
  assert.equal(await page.evaluate(() => null), null);
  assert.equal(await page.evaluate(() => location.href), `${origin}/blank.html?x=1`);
  // A long evaluate (longer than one driver wait) still answers.
  assert.equal(await page.evaluate(() => new Promise((r) => setTimeout(() => r('late'), 700))), 'late');
  await assert.rejects(page.evaluate(() => { throw new TypeError('thrown in page'); }), /TypeError: thrown in page/);
  await assert.rejects(page.evaluate(async () => { await null; throw new Error('async in page'); }), /async in page/);
  const n = 20, t0 = Date.now();
  for (let i = 0; i < n; i++) await page.evaluate(() => 1);
  t.diagnostic(`evaluate round trip: ${((Date.now() - t0) / n).toFixed(1)} ms`);
  await page.evaluate(() => { window.mark = 1; });
  const t1 = Date.now();
  await page.reload();
  t.diagnostic(`reload: ${Date.now() - t1} ms`);
  assert.equal(await page.url(), `${origin}/blank.html?x=1`);
  assert.equal(await page.evaluate(() => window.mark ?? null), null, 'reload gives a new document');
  await context.close();
});

test('addInitScript runs on every load, before the test evaluates', async (t) => {
  const { context, page } = await fresh();
  await page.addInitScript((tag) => { window.initRuns = (window.initRuns ?? 0) + 1; window.initTag = tag; }, 'tagged');
  await page.goto(`${origin}/script.html`);
  assert.deepEqual(await page.evaluate(() => [window.initRuns, window.initTag]), [1, 'tagged']);
  await page.reload();
  assert.equal(await page.evaluate(() => window.initRuns), 1, 'once per document');
  await page.goto(`${origin}/blank.html`);
  assert.equal(await page.evaluate(() => window.initRuns), 1);
  // After a page-initiated navigation waited for with waitForURL.
  await page.goto(`${origin}/script.html`);
  t.diagnostic(`init script ran before the page's own script: ${await page.evaluate(() => window.seenByPage === 1)}`);
  await page.evaluate(() => { setTimeout(() => { location.href = '/blank.html?after'; }, 10); });
  await page.waitForURL((u) => u.search === '?after', { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.initRuns), 1);
  await context.close();
});

test('contexts are isolated: localStorage, IndexedDB, cookies', async () => {
  const [a, b] = await Promise.all([fresh(), fresh()]);
  await a.page.goto(`${origin}/blank.html?cookie=a`);
  await b.page.goto(`${origin}/blank.html`);
  await a.page.evaluate(async () => {
    localStorage.setItem('k', 'a');
    document.cookie = 'doc=a; path=/';
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('iso', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => { const tx = open.result.transaction('s', 'readwrite'); tx.objectStore('s').put('a', 'k'); tx.oncomplete = () => { open.result.close(); resolve(); }; tx.onerror = () => reject(tx.error); };
      open.onerror = () => reject(open.error);
    });
  });
  const seen = (p) => p.evaluate(async () => ({
    ls: localStorage.getItem('k'),
    cookie: document.cookie,
    dbs: (await indexedDB.databases()).map((d) => d.name),
  }));
  await a.page.reload();
  assert.deepEqual(await seen(a.page), { ls: 'a', cookie: 'srv=a; doc=a', dbs: ['iso'] });
  await b.page.reload();
  assert.deepEqual(await seen(b.page), { ls: null, cookie: '', dbs: [] }, 'a concurrent context sees nothing of the other');
  // A page of the same context shares it.
  const a2 = await a.context.newPage();
  await a2.goto(`${origin}/blank.html`);
  assert.equal((await seen(a2)).ls, 'a');
  await Promise.all([a.context.close(), b.context.close()]);
  // A context made after the other closed starts empty too.
  const c = await fresh();
  await c.page.goto(`${origin}/blank.html`);
  assert.deepEqual(await seen(c.page), { ls: null, cookie: '', dbs: [] });
  await c.context.close();
});

const waitForPopup = async (context, timeout = 5000) => {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const p of await context.pages()) if ((await p.url()).endsWith('/popup.html')) return p;
    if (Date.now() > deadline) throw new Error('no popup in context.pages()');
    await new Promise((r) => setTimeout(r, 25));
  }
};

test('popupBlocking: true — window.open outside a gesture is blocked, a click opens it; popups are pages', async (t) => {
  const { context, page } = await fresh(strict);
  await page.goto(`${origin}/opener.html`);
  const opened = await page.evaluate(() => { const w = window.open('/popup.html', 'x'); return w !== null && w !== undefined; });
  t.diagnostic(`${ENGINE}: window.open from evaluate with popupBlocking: ${opened ? 'OPENED (evaluate counts as a gesture)' : 'blocked'}`);
  assert.equal(opened, false, 'evaluate is not a user gesture');
  assert.equal((await context.pages()).length, 1);
  await page.click('#open');
  assert.equal(await page.evaluate(() => !!window.popup && !window.popup.closed), true, 'the click is a user gesture');
  const popup = await waitForPopup(context);
  assert.equal(await popup.isClosed(), false);
  await popup.waitForFunction(() => document.readyState === 'complete', undefined, { timeout: 5000 });
  assert.equal(await popup.evaluate(() => [document.body.textContent, !!window.opener]).then(JSON.stringify), '["popup",true]');
  // The popup closes itself; the opener's `popup.closed` polling sees it; so does the adapter.
  await popup.evaluate(() => { setTimeout(() => window.close(), 10); });
  assert.equal(await page.waitForFunction(() => window.popup.closed, undefined, { timeout: 5000 }), true);
  for (let i = 0; i < 100 && !(await popup.isClosed()); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await popup.isClosed(), true);
  assert.equal((await context.pages()).length, 1);
  // Closed from the test instead.
  await page.click('#open');
  const again = await waitForPopup(context);
  await again.close();
  assert.equal(await again.isClosed(), true);
  assert.equal(await page.waitForFunction(() => window.popup.closed, undefined, { timeout: 5000 }), true);
  // A click that navigates.
  await page.click('#nav');
  await page.waitForURL((u) => u.search === '?clicked', { timeout: 5000 });
  await context.close();
});

test('popupBlocking: false (default) — window.open from evaluate opens a popup', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}/opener.html`);
  assert.equal(await page.evaluate(() => { window.popup = window.open('/popup.html', 'p'); return !!window.popup; }), true);
  const popup = await waitForPopup(context);
  assert.equal(await popup.waitForFunction(() => document.readyState === 'complete' && location.pathname, undefined, { timeout: 5000 }), '/popup.html');
  await popup.close();
  assert.equal(await page.waitForFunction(() => window.popup.closed, undefined, { timeout: 5000 }), true);
  await context.close();
});

test('consoleMessages: console.warn/error and uncaught errors, across navigations', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(() => {
    console.log('not recorded');
    console.warn('warned', 1);
    console.error('errored');
    setTimeout(() => { throw new RangeError('uncaught boom'); });
    Promise.reject(new Error('unhandled rejection'));
  });
  await page.waitForTimeout(200);
  await page.goto(`${origin}/blank.html?second`);
  await page.evaluate(() => console.error('after navigation'));
  const expected = ['warned 1', 'errored', 'RangeError: uncaught boom', 'Error: unhandled rejection', 'after navigation'];
  let got = [];
  for (let i = 0; i < 50; i++) {
    got = await page.consoleMessages();
    if (expected.every((m) => got.some((g) => g.includes(m)))) break;
    await page.waitForTimeout(20);
  }
  for (const m of expected) assert.ok(got.some((g) => g.includes(m)), `${m} in ${JSON.stringify(got)}`);
  assert.ok(!got.some((g) => g.includes('not recorded')));
  await context.close();
});

test('waitForFunction and waitForURL: values, and timeouts reject', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(() => { setTimeout(() => { window.ready = { n: 7 }; }, 100); });
  assert.deepEqual(await page.waitForFunction((k) => window[k], 'ready', { timeout: 5000 }), { n: 7 });
  let t0 = Date.now();
  await assert.rejects(page.waitForFunction(() => false, undefined, { timeout: 300 }), /timeout/i);
  assert.ok(Date.now() - t0 < 2000, `waitForFunction timeout took ${Date.now() - t0} ms`);
  t0 = Date.now();
  await assert.rejects(page.waitForFunction(() => new Promise(() => {}), undefined, { timeout: 300 }), /timeout/i, 'even when fn never settles');
  assert.ok(Date.now() - t0 < 2000);
  t0 = Date.now();
  await assert.rejects(page.waitForURL((u) => u.pathname === '/never', { timeout: 300 }), /timeout/i);
  assert.ok(Date.now() - t0 < 2000, `waitForURL timeout took ${Date.now() - t0} ms`);
  // An evaluate that navigates: it returns quickly, then waitForURL.
  await page.evaluate(() => { location.assign('/blank.html?assigned'); });
  await page.waitForURL((u) => u.search === '?assigned', { timeout: 5000 });
  assert.equal(await page.evaluate(() => location.search), '?assigned');
  // An evaluate whose document navigates away before it settles resolves undefined, promptly.
  t0 = Date.now();
  assert.equal(await page.evaluate(() => { location.href = '/blank.html?away'; return new Promise(() => {}); }), undefined);
  assert.ok(Date.now() - t0 < 8000, `navigating evaluate took ${Date.now() - t0} ms`);
  await page.waitForURL((u) => u.search === '?away', { timeout: 5000 });
  assert.equal(await page.evaluate(() => 1 + 1), 2, 'the page works after it');
  await page.reload();
  await page.goto(`${origin}/blank.html`);
  await context.close();
});

test('WebCrypto ECDSA P-256 and a CryptoKey in IndexedDB; BroadcastChannel, navigator.locks', async (t) => {
  const { context, page } = await fresh();
  await page.goto(`${origin}/blank.html`);
  const r = await page.evaluate(async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('keys', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('k');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = (mode, f) => new Promise((resolve, reject) => {
      const x = db.transaction('k', mode); const req = f(x.objectStore('k'));
      x.oncomplete = () => resolve(req.result); x.onerror = () => reject(x.error);
    });
    await tx('readwrite', (s) => s.put(pair, 'pair'));
    const back = await tx('readonly', (s) => s.get('pair'));
    const data = new TextEncoder().encode('hello');
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, back.privateKey, data);
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, sig, data);
    const jwk = await crypto.subtle.exportKey('jwk', back.publicKey);
    db.close();
    return {
      secure: isSecureContext, ok, sigLength: sig.byteLength, extractable: back.privateKey.extractable, crv: jwk.crv,
      broadcastChannel: typeof BroadcastChannel === 'function', locks: typeof navigator.locks?.request === 'function',
    };
  });
  t.diagnostic(`${ENGINE}: BroadcastChannel ${r.broadcastChannel}, navigator.locks ${r.locks}`);
  assert.deepEqual(r, { secure: true, ok: true, sigLength: 64, extractable: false, crv: 'P-256', broadcastChannel: true, locks: true });
  await context.close();
});

test('the release package: createAuth0Client + generateDpopProof', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}/blank.html`);
  const proof = await page.evaluate(async (origin) => {
    const sdk = await import('/pkg/index.js');
    const client = await sdk.createAuth0Client({ domain: origin, clientId: 'x', useDpop: true });
    return client.generateDpopProof({ url: location.href, method: 'GET' });
  }, origin);
  assert.equal(typeof proof, 'string');
  const parts = proof.split('.');
  assert.equal(parts.length, 3);
  const header = JSON.parse(Buffer.from(parts[0], 'base64url'));
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url'));
  assert.equal(header.typ, 'dpop+jwt');
  assert.equal(header.alg, 'ES256');
  assert.equal(claims.htm, 'GET');
  assert.equal(claims.htu, `${origin}/blank.html`);
  assert.deepEqual(await page.consoleMessages(), []);
  await context.close();
});

test('click, screenshot, close, isClosed', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(() => {
    document.body.innerHTML = '<button id=b style="width:100px;height:40px">b</button>';
    document.getElementById('b').onclick = (e) => { window.clicked = { trusted: e.isTrusted, active: navigator.userActivation?.isActive ?? null }; };
  });
  await page.click('#b');
  const clicked = await page.evaluate(() => window.clicked);
  assert.equal(clicked.trusted, true, 'a trusted event');
  if (browser.can.screenshot) {
    const path = join(dir, 'shot.png');
    await page.screenshot({ path });
    assert.deepEqual([...(await readFile(path)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  } else {
    await assert.rejects(page.screenshot({ path: join(dir, 'shot.png') }), /not available/);
  }
  const other = await context.newPage();
  await other.goto(`${origin}/blank.html`);
  assert.equal((await context.pages()).length, 2);
  await page.close();
  assert.equal(await page.isClosed(), true);
  assert.equal(await other.isClosed(), false);
  assert.equal((await context.pages()).length, 1);
  await other.close();
  assert.equal((await context.pages()).length, 0);
  // The context still makes pages after its last one closed.
  const third = await context.newPage();
  await third.goto(`${origin}/blank.html`);
  assert.equal(await third.evaluate(() => 3), 3);
  await context.close();
});
