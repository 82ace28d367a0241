// The demo (`npm run demo`), clicked through in headless Chromium: login on the local
// authorization server -> call the API -> the proof in the inspector -> logout. It also
// takes the README's screenshot: into target/demo.png on every run, and into docs/demo.png
// when UPDATE_SCREENSHOT=1 (so `npm test` leaves the working tree clean).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launch } from '../browser/browser.js';
import { poll, skipUnless } from '../support.js';
import { startDemo } from '../../dev/demo.js';

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

let browser, demo;
before(async () => {
  delete process.env.VITE_AUTH0_DOMAIN;
  [browser, demo] = await Promise.all([launch(), (async () => startDemo({ appPort: await freePort(), asPort: await freePort(), rsPort: await freePort() }))()]);
});
after(async () => { await browser?.close(); await demo?.close(); });

const waitFor = (page, selector) => poll(page, (s) => !!document.querySelector(s), selector);
const text = (page, selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

test('demo: login -> call API -> proof in the inspector -> logout', async (t) => {
  assert.equal(demo.local, true, 'no www/.env: local servers');
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(demo.url);
  await waitFor(page, '#login:not([hidden])');
  await page.click('#login');
  await waitFor(page, '#sign-in'); // the authorization server's sign-in page
  await page.click('#sign-in');
  await page.waitForURL((u) => u.href === demo.url);
  await waitFor(page, 'body[data-state="idle"] #call-api:not([hidden])');
  assert.match(await text(page, '#status'), /Signed in as Alice Example/);

  await waitFor(page, '#call-api:not([hidden])');
  await page.click('#call-api');
  // The app marks itself idle once the response is shown and the nonce table re-rendered.
  await waitFor(page, 'body[data-state="idle"]');
  assert.match(await text(page, '#api-status'), /HTTP 200/);
  const response = JSON.parse(await text(page, '#api-response'));
  assert.equal(response.sub, 'alice');
  const proof = JSON.parse(await text(page, '#proof'));
  assert.equal(proof.header.typ, 'dpop+jwt');
  assert.deepEqual(Object.keys(proof.header.jwk).sort(), ['crv', 'kty', 'x', 'y']);
  assert.ok(proof.claims.ath && proof.claims.nonce, 'the API call carried ath and the nonce');
  assert.equal(await text(page, '#jkt'), response.jkt);
  assert.equal(await text(page, '#cnf'), response.jkt);
  assert.match(await text(page, '#bound'), /bound to this key/);
  const events = await page.evaluate(() => [...document.querySelectorAll('#events li')].map((li) => li.textContent));
  assert.ok(events.some((e) => /use_dpop_nonce/.test(e)), 'the nonce challenge is shown');
  assert.ok(events.some((e) => /retry with a fresh proof/.test(e)), 'and the retry');
  const nonces = await page.evaluate(() => [...document.querySelectorAll('#nonces tr')].map((tr) => tr.cells[1].textContent));
  assert.ok(nonces.every((n) => n && n !== '–'), 'a nonce per server');

  const shot = process.env.UPDATE_SCREENSHOT === '1' ? '../../docs/demo.png' : '../../target/demo.png';
  await t.test('screenshot of the signed-in page', async (st) => {
    if (skipUnless(st, browser.can.screenshot, 'screenshot')) return;
    await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)), fullPage: true });
  });

  await waitFor(page, '#logout:not([hidden])');
  await page.click('#logout');
  await waitFor(page, '#login:not([hidden])');
  assert.match(await text(page, '#status'), /Not signed in/);
  assert.deepEqual(await page.consoleMessages(), []);
  await context.close();
});
