// dpop-spa/angular in a real Angular 21 app (tests/apps/angular: standalone, `ng build` with the
// default application builder), and the alias route (tests/apps/angular-alias: the official
// @auth0/auth0-angular 2.12.0 with @auth0/auth0-spa-js replaced by dpop-spa through npm
// overrides), each built from the packed package and run against oidc-provider and the DPoP
// resource server. Everything the tests look at is what the app renders or what the servers
// received.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, decodeProtectedHeader, decodeJwt } from 'jose';
import { launch } from '../browser/browser.js';
import { poll } from '../support.js';
import { buildApp, packed, serveApp } from '../apps/harness.js';
import { startAuthServer } from '../../dev/auth-server.js';
import { startResourceServer } from '../../dev/resource-server.js';

const apps = fileURLToPath(new URL('../apps/', import.meta.url));

// The alias app's `@auth0/auth0-spa-js` is `file:./vendor/dpop-spa` (with an override that
// makes auth0-angular's own dependency the same package): the packed tarball, unpacked there
// before npm installs the app. A user gets the same from `npm:dpop-spa@<version>`.
function unpackVendor() {
  const tarball = packed();
  const dir = join(apps, 'angular-alias', 'vendor', 'dpop-spa');
  const marker = join(apps, 'angular-alias', 'vendor', '.tarball');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === tarball) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1']);
  writeFileSync(marker, tarball);
}

let browser, app, alias, as, rs, aliasRs, builds;
before(async () => {
  unpackVendor();
  // `ng build` writes dist/<project>/browser.
  builds = { app: join(buildApp('angular'), 'app', 'browser'), alias: join(buildApp('angular-alias'), 'app', 'browser') };
  // Popups blocked outside a user gesture, as browsers do by default.
  [browser, app, alias] = await Promise.all([launch({ popupBlocking: true }), serveApp(builds.app), serveApp(builds.alias)]);
  // One DPoP API per app origin (its CORS answer names one origin).
  [rs, aliasRs] = await Promise.all([startResourceServer({ allowOrigin: app.origin }), startResourceServer({ allowOrigin: alias.origin })]);
  as = await startAuthServer({ redirectUris: [app.origin, alias.origin], audience: rs.audience });
  rs.trust(as);
  aliasRs.trust(as);
  app.config = { domain: as.origin, clientId: 'spa', audience: rs.audience, api: rs.origin };
  alias.config = { domain: as.origin, clientId: 'spa', audience: rs.audience, api: aliasRs.origin };
});
after(async () => {
  await browser?.close();
  await Promise.all([app?.close(), alias?.close(), rs?.close(), aliasRs?.close(), as?.close()]);
});

const text = (p, selector) => poll(p, (s) => document.querySelector(s)?.textContent.trim(), selector);
// Waits until `selector`'s text is `expected` (the header shows one status, then another).
const until = (p, selector, expected) => poll(p, ([s, e]) => document.querySelector(s)?.textContent.trim() === e, [selector, expected]);
const data = (p, selector, key) => poll(p, ([s, k]) => document.querySelector(s)?.getAttribute(`data-${k}`), [selector, key]);
const json = async (p, selector) => JSON.parse(await text(p, selector));
// The thumbprint of the key that signed the proofs the authorization server got since `n`.
async function proofKeys(n) {
  const proofs = as.log.slice(n).filter((e) => e.path === '/oauth/token' && e.dpop).map((e) => e.dpop);
  return new Set(await Promise.all(proofs.map((d) => calculateJwkThumbprint(decodeProtectedHeader(d).jwk))));
}

test('Angular app: guarded route -> login -> user; DPoP token, fetchWithAuth and HttpClient through the interceptor; reload; logout', async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  const n = as.log.length;
  // The guard sends the visitor to the authorization server; the callback comes back to the
  // app's origin and navigates to the guarded route it started from.
  await p.goto(`${app.origin}/profile`);
  assert.equal(await data(p, '#user', 'sub'), 'alice');
  assert.match(await text(p, '#user'), /Alice Example/);
  const back = new URL(await p.url());
  assert.equal(back.pathname, '/profile');
  assert.equal(back.search, '', 'the code and state left the URL');
  const authorize = as.log.slice(n).filter((e) => e.path === '/authorize');
  assert.equal(authorize.length, 1);
  const q = new URLSearchParams(authorize[0].query);
  assert.ok(q.get('dpop_jkt'), 'the authorization request names the key');
  const { version } = JSON.parse(readFileSync(join(apps, '../../js/package.json'), 'utf8'));
  assert.deepEqual(JSON.parse(atob(q.get('auth0Client'))), { name: 'dpop-spa/angular', version }, 'telemetry names the wrapper');

  // The token is bound to the page's key, the one that signed the token request's proofs.
  await p.click('#get-token');
  assert.equal(await data(p, '#token', 'type'), 'DPoP');
  const claims = await json(p, '#token');
  const jkt = await text(p, '#jkt');
  assert.equal(claims.cnf.jkt, jkt);
  assert.deepEqual([...await proofKeys(n)], [jkt]);
  assert.equal(claims.sub, 'alice');

  // The core's fetcher: the API's own nonce, then 200.
  let r = rs.log.length;
  await p.click('#fetch');
  assert.equal(await data(p, '#fetched', 'status'), '200');
  assert.deepEqual(await json(p, '#fetched'), { sub: 'alice', jkt });
  assert.deepEqual(rs.log.slice(r).map((e) => e.result), ['use_dpop_nonce', 'ok']);

  // HttpClient: the interceptor sends DPoP with a proof; a new nonce from the API is answered
  // by one retry that goes through HttpClient's chain again (the app's own interceptor after
  // ours records each request that leaves).
  rs.rotateNonce();
  r = rs.log.length;
  await p.click('#http');
  assert.equal(await data(p, '#via-http', 'status'), '200');
  assert.deepEqual(await json(p, '#via-http'), { sub: 'alice', jkt });
  const seen = rs.log.slice(r);
  assert.deepEqual(seen.map((e) => [e.path, e.result]), [['/api/http', 'use_dpop_nonce'], ['/api/http', 'ok']]);
  assert.ok(seen.every((e) => /^DPoP [\w-]+\.[\w-]+\.[\w-]+$/.test(e.authorization)), 'the DPoP scheme, not Bearer');
  const [first, second] = seen.map((e) => decodeJwt(e.dpop));
  assert.equal(first.htm, 'GET');
  assert.equal(first.htu, `${rs.origin}/api/http`);
  assert.ok(first.ath, 'the proof is bound to the token');
  assert.notEqual(first.jti, second.jti, 'a fresh proof for the retry');
  assert.ok(second.nonce && second.nonce !== first.nonce, 'the retry carries the nonce the API sent');
  const sent = (await json(p, '#sent')).filter((s) => s.url === `${rs.origin}/api/http`);
  const attempt = { method: 'GET', url: `${rs.origin}/api/http`, authorization: 'DPoP', dpop: true, body: null };
  assert.deepEqual(sent, [attempt, attempt]);

  // The wasm: Angular's builder does not copy the .wasm beside the core, so the core ran the
  // inline module (the build's chunk with the wasm's bytes), which the page fetched.
  const files = readdirSync(builds.app);
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), []);
  const inline = files.filter((f) => f.endsWith('.js') && readFileSync(join(builds.app, f), 'utf8').includes('"AGFzbQ'));
  assert.equal(inline.length, 1);
  const loaded = await p.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(loaded.includes(`/${inline[0]}`), `the inline wasm module was loaded (${loaded.join(' ')})`);

  // A reload keeps the session (silent authentication with the same key).
  await p.reload();
  assert.equal(await data(p, '#user', 'sub'), 'alice');
  await p.click('#get-token');
  assert.equal((await json(p, '#token')).cnf.jkt, jkt);
  assert.equal(await text(p, '#jkt'), jkt);

  // Logout ends the session at the authorization server and comes back signed out.
  await p.click('#logout');
  await p.waitForURL((u) => u.origin === app.origin && u.pathname === '/' && !u.search);
  await until(p, '#status', 'signed out');
  assert.ok(as.log.some((e) => e.path === '/v2/logout'));
  await context.close();
});

test('Angular app: a request outside httpInterceptor.allowedList goes out untouched', async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(`${app.origin}/profile`);
  assert.equal(await data(p, '#user', 'sub'), 'alice');
  const r = rs.log.length;
  await p.click('#public');
  assert.equal(await data(p, '#public-result', 'status'), '401');
  assert.deepEqual(rs.log.slice(r).map((e) => [e.path, e.authorization, e.dpop]), [['/public', null, null]]);
  assert.deepEqual((await json(p, '#sent')).filter((s) => s.url === `${rs.origin}/public`), [{ method: 'GET', url: `${rs.origin}/public`, authorization: null, dpop: false, body: null }]);
  await context.close();
});

test('Angular app: a POST body stays in the Angular request across the nonce retry; a request with no answer is an HttpErrorResponse', async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(`${app.origin}/profile`);
  assert.equal(await data(p, '#user', 'sub'), 'alice');
  rs.rotateNonce();
  const r = rs.log.length;
  await p.click('#post');
  assert.equal(await data(p, '#posted', 'status'), '200');
  assert.deepEqual(rs.log.slice(r).map((e) => [e.method, e.path, e.result]), [['POST', '/api/post', 'use_dpop_nonce'], ['POST', '/api/post', 'ok']]);
  assert.ok(rs.log.slice(r).every((e) => decodeJwt(e.dpop).htm === 'POST'));
  const attempt = { method: 'POST', url: `${rs.origin}/api/post`, authorization: 'DPoP', dpop: true, body: { hello: 'world' } };
  assert.deepEqual((await json(p, '#sent')).filter((s) => s.url === attempt.url), [attempt, attempt]);

  // The API's CORS answer does not allow PATCH: the browser gives HttpClient no response
  // (status 0), and the app gets Angular's HttpErrorResponse, after one attempt.
  const n = rs.log.length;
  await p.click('#patch');
  assert.equal(await data(p, '#patched', 'status'), '0');
  assert.equal(await text(p, '#patched'), 'HttpErrorResponse');
  assert.equal(rs.log.length, n, 'the API never saw it');
  assert.equal((await json(p, '#sent')).filter((s) => s.url === `${rs.origin}/api/patch`).length, 1);
  await context.close();
});

test('Angular app: loginWithPopup from a real click, then the guarded route and a DPoP token', async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(app.origin);
  await until(p, '#status', 'signed out');
  const n = as.log.length;
  await p.click('#login-popup');
  await until(p, '#status', 'signed in');
  assert.match(await text(p, '#home-user'), /Alice Example/);
  const authorize = as.log.slice(n).filter((e) => e.path === '/authorize');
  assert.equal(new URLSearchParams(authorize[0].query).get('response_mode'), 'web_message');
  for (let i = 0; (await context.pages()).length > 1; i++) {
    assert.ok(i < 100, 'the popup closed');
    await new Promise((r) => setTimeout(r, 50));
  }
  await p.click('#to-profile');
  assert.equal(await data(p, '#user', 'sub'), 'alice');
  await p.click('#get-token');
  const jkt = await text(p, '#jkt');
  assert.equal((await json(p, '#token')).cnf.jkt, jkt);
  assert.deepEqual([...await proofKeys(n)], [jkt]);
  await context.close();
});

test('alias route: the official @auth0/auth0-angular on dpop-spa logs in and gets a DPoP-bound token; its interceptor sends Bearer', async () => {
  // What npm installed under auth0-angular's dependency name is dpop-spa.
  const installed = JSON.parse(readFileSync(join(apps, 'angular-alias', 'node_modules', '@auth0', 'auth0-spa-js', 'package.json'), 'utf8'));
  assert.equal(installed.name, 'dpop-spa');
  assert.equal(existsSync(join(apps, 'angular-alias', 'node_modules', '@auth0', 'auth0-angular', 'node_modules')), false, 'no copy of its own');
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(alias.origin);
  const n = as.log.length;
  await p.click('#login');
  assert.equal(await data(p, '#user', 'sub'), 'alice');
  const q = new URLSearchParams(as.log.slice(n).find((e) => e.path === '/authorize').query);
  assert.equal(JSON.parse(atob(q.get('auth0Client'))).name, '@auth0/auth0-angular');
  assert.ok(q.get('dpop_jkt'));
  await p.click('#get-token');
  assert.equal(await data(p, '#token', 'type'), 'DPoP');
  const claims = await json(p, '#token');
  assert.equal(claims.sub, 'alice');
  assert.equal(claims.cnf.jkt, q.get('dpop_jkt'));
  assert.deepEqual([...await proofKeys(n)], [claims.cnf.jkt], 'bound to the key that signed the token request');

  // Where the expectation differs from dpop-spa/angular: auth0-angular's interceptor sends the
  // DPoP-bound token as Bearer, without a proof, and the DPoP API refuses it.
  await p.click('#http');
  assert.equal(await data(p, '#via-http', 'status'), '401');
  assert.deepEqual(aliasRs.log.map((e) => [e.path, e.authorization?.split(' ')[0], e.dpop, e.result]), [['/api/http', 'Bearer', null, 'invalid_token']]);
  await context.close();
});
