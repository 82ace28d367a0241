// A device clock 10 minutes ahead or behind, against resource servers that accept a proof's
// `iat` within ±5 minutes (as express-oauth2-jwt-bearer does): one that hides `Date` over
// CORS (the ID token's `iat` teaches the offset) and one that exposes it and sends its nonce on
// every 401 (a rejected proof teaches the offset, and the one retry corrects it). Each is
// calibrated: the same calls with `dpopClockOffset: false` are rejected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../browser/browser.js';
import { inPage } from '../support.js';
import { startServer } from '../browser/server.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';

let browser, app, hidden, exposed, as;
const audience = 'https://api.clock.example/';
before(async () => {
  [browser, app] = await Promise.all([launch(), startServer()]);
  [hidden, exposed] = await Promise.all([
    startResourceServer({ allowOrigin: app.origin, iatWindow: 300, audience }),
    startResourceServer({ allowOrigin: app.origin, iatWindow: 300, audience, exposeDate: true, nonceAlways: true }),
  ]);
  as = await startAuthServer({ redirectUris: [`${app.origin}/blank.html`], audience });
  hidden.trust(as);
  exposed.trust(as);
});
after(async () => { await browser?.close(); await Promise.all([app?.close(), hidden?.close(), exposed?.close(), as?.close()]); });

const options = (extra = {}) => ({
  domain: as.origin, clientId: 'spa', useDpop: true, useRefreshTokens: true, cacheLocation: 'localstorage',
  authorizationParams: { redirect_uri: `${app.origin}/blank.html`, audience }, ...extra,
});

// The page's clock, shifted by `ms` in every document of the context (Date.parse stays real:
// it reads the server's clock from a header).
function shiftClock(ms) {
  const Real = Date;
  const now = () => Real.now() + ms;
  globalThis.Date = class extends Real {
    constructor(...a) { if (a.length) super(...a); else super(now()); }
    static now() { return now(); }
  };
}

// In the page: calls each of `urls` in turn through one fetcher of a new client made with
// `extra` options (with `callback`, after handleRedirectCallback); each status and challenge.
const calls = (p, extra, urls, callback = false) => inPage(p, options(extra), async (client, sdk, [urls, callback]) => {
  if (callback) await client.handleRedirectCallback();
  const fetcher = client.createFetcher({ dpopNonceId: 'api' });
  const out = [];
  for (const url of urls) {
    const res = await fetcher.fetchWithAuth(url);
    out.push({ status: res.status, www: res.headers.get('www-authenticate') });
  }
  return out;
}, [urls, callback]);

for (const [name, shift] of [['10 minutes ahead', 600_000], ['10 minutes behind', -600_000]]) {
  test(`a page clock ${name}: API calls succeed with the learned offset and fail without it`, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.addInitScript(shiftClock, shift);
    await p.goto(`${app.origin}/blank.html`);
    assert.ok(Math.abs(await p.evaluate(() => Date.now()) - Date.now() - shift) < 5000, 'the page clock is shifted');
    const from = await p.url();
    await Promise.all([
      p.waitForURL((u) => u.href !== from && /[?&]code=/.test(u.search)),
      inPage(p, options(), (client) => client.loginWithRedirect()),
    ]);

    // Date hidden: the offset comes from the ID token the authorization server just issued.
    hidden.log.length = 0;
    const [h] = await calls(p, {}, [`${hidden.origin}/api/data`], true);
    assert.equal(h.status, 200);
    assert.deepEqual(hidden.log.map((e) => e.result), ['use_dpop_nonce', 'ok'], 'the nonce retry only: the iat was right the first time');
    // Calibration: the same call dated by the device clock (dpopClockOffset: false) is rejected for its iat.
    hidden.log.length = 0;
    const [raw] = await calls(p, { dpopClockOffset: false }, [`${hidden.origin}/api/data`]);
    assert.equal(raw.status, 401);
    assert.match(raw.www, /invalid_dpop_proof/);
    assert.ok(hidden.log.length && hidden.log.every((e) => e.result === 'invalid_dpop_proof' && Math.abs(e.iatOff - shift / 1000) < 5), JSON.stringify(hidden.log));

    // After a reload the page knows no offset (a cached token, no new ID token). The server
    // that exposes Date rejects the first proof, and that answer (its Date and its nonce)
    // corrects the one retry: two attempts, never more. The next call is right at once.
    await p.reload();
    exposed.log.length = 0;
    const [first, next] = await calls(p, {}, [`${exposed.origin}/api/data`, `${exposed.origin}/api/data`]);
    assert.deepEqual([first.status, next.status], [200, 200]);
    assert.deepEqual(exposed.log.map((e) => e.result), ['invalid_dpop_proof', 'ok', 'ok']);
    assert.ok(Math.abs(exposed.log[0].iatOff - shift / 1000) < 5, 'the first proof had the device clock');
    // Calibration: without offsets the retry has nothing to correct, and the call is rejected.
    exposed.log.length = 0;
    const [rawExposed] = await calls(p, { dpopClockOffset: false }, [`${exposed.origin}/api/data`]);
    assert.equal(rawExposed.status, 401);
    assert.ok(exposed.log.length && exposed.log.every((e) => e.result === 'invalid_dpop_proof'), JSON.stringify(exposed.log));
    await context.close();
  });
}
