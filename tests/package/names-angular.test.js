// dpop-spa/angular against @auth0/auth0-angular 2.12.0 (root node_modules), in Node (no
// browser): every runtime export name with the same kind, the core re-exported by reference
// (not inlined), partial declarations for the app's linker, the type names, the telemetry
// version, and the HTTP interceptor's allowedList rules run side by side with auth0-angular's
// own interceptor on one table of requests.
import '@angular/compiler'; // the partial declarations of both packages are JIT-linked on import
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpRequest, HttpResponse } from '@angular/common/http';
import { VERSION } from '@angular/core';
import { defer, lastValueFrom, of } from 'rxjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fesm = join(root, 'pkg/angular/fesm2022/dpop-spa-angular.mjs');
const officialDir = join(root, 'node_modules/@auth0/auth0-angular');
const official = await import(join(officialDir, 'fesm2022/auth0-auth0-angular.mjs'));
// pkg/package.json is named dpop-spa and has "exports", so the FESM's `import 'dpop-spa'`
// resolves to pkg/index.js (a package's self-reference), the module imported here.
const ours = await import(fesm);
const core = await import(join(root, 'pkg/index.js'));

const kind = (v) => (typeof v === 'function'
  ? (/^class\b/.test(Function.prototype.toString.call(v)) ? 'class' : 'function')
  : v?.constructor?.name ?? typeof v);

test('every runtime export of @auth0/auth0-angular 2.12.0 exists in dpop-spa/angular, with the same kind', () => {
  const names = Object.keys(official);
  assert.ok(names.length >= 40, `the official list was read (${names.length} names)`);
  assert.deepEqual(names.filter((n) => !(n in ours)), [], 'missing names');
  assert.deepEqual(names.filter((n) => kind(ours[n]) !== kind(official[n])).map((n) => `${n}: ${kind(ours[n])} vs ${kind(official[n])}`), []);
  assert.deepEqual(ours.ResponseType, official.ResponseType);
  assert.deepEqual(ours.RefreshTokenMode, official.RefreshTokenMode);
});

test("the core's names are dpop-spa's own objects, imported by name and not inlined", () => {
  const reexported = Object.keys(ours).filter((n) => n in core);
  assert.ok(reexported.length >= 29);
  assert.deepEqual(reexported.filter((n) => ours[n] !== core[n]), [], 'the same classes, so instanceof holds');
  const src = readFileSync(fesm, 'utf8');
  assert.match(src, /import\{[^}]*\bAuth0Client\b[^}]*\}from"dpop-spa"/);
  assert.match(src, /export\{[^}]*\bUseDpopNonceError\b[^}]*\} from 'dpop-spa';\n$/);
  const imported = [...src.matchAll(/from ?["']([^"']+)["']/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(imported)].sort(), ['@angular/common', '@angular/common/http', '@angular/core', '@angular/router', 'dpop-spa', 'rxjs']);
  assert.doesNotMatch(src, /dpop_spa_bg|wasm|import\.meta/, 'nothing of the core inside');
});

test('partial declarations for the app compiler (ng-packagr, compilationMode partial)', () => {
  const src = readFileSync(fesm, 'utf8');
  const count = (name) => src.split(`ɵɵngDeclare${name}(`).length - 1;
  // AuthClientConfig, AbstractNavigator, AuthState, AuthService, AuthGuard, AuthHttpInterceptor + AuthModule.
  assert.equal(count('Injectable'), 6);
  assert.equal(count('Factory'), 7);
  assert.equal(count('NgModule'), 1);
  assert.equal(count('Injector'), 1);
  assert.equal(count('ClassMetadata'), 7);
  assert.doesNotMatch(src, /ɵɵdefineInjectable|ɵɵdefineNgModule|ɵfac=function/, 'not compiled for one Angular version');
  assert.doesNotMatch(src, /sourceMappingURL/);
});

test('the type declarations export the wrapper names auth0-angular declares', () => {
  const exported = (dts) => new Set([...dts.matchAll(/^export (?:type )?\{([^}]*)\}(?: from [^;]+)?;/gm)]
    .flatMap((m) => m[1].split(',').map((s) => s.trim().split(/\s+as\s+/).pop()).filter(Boolean)));
  const theirs = readFileSync(join(officialDir, 'index.d.ts'), 'utf8');
  // Only the names declared by auth0-angular itself: its re-exports of spa-js types are the
  // core's business (dpop-spa has no MFA, passkey or My Account types).
  const own = [...exported(theirs)].filter((n) => new RegExp(`^(declare )?(const enum|class|function|const|interface|type) ${n}\\b`, 'm').test(theirs));
  assert.ok(own.length >= 25, `${own.length} names`);
  const mine = exported(readFileSync(join(root, 'pkg/angular/index.d.ts'), 'utf8'));
  assert.deepEqual(own.filter((n) => !mine.has(n)), []);
});

test('telemetry: dpop-spa/angular with the package version and the Angular version', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'js/package.json'), 'utf8'));
  // Node's BroadcastChannel (the client's cross-tab logout channel) would keep the test
  // process alive; the client makes none where there is no BroadcastChannel.
  const channel = Object.getOwnPropertyDescriptor(globalThis, 'BroadcastChannel');
  delete globalThis.BroadcastChannel;
  let client;
  try {
    client = ours.Auth0ClientFactory.createClient({ get: () => ({ domain: 'https://as.example', clientId: 'c' }) });
  } finally {
    Object.defineProperty(globalThis, 'BroadcastChannel', channel);
  }
  assert.ok(client instanceof core.Auth0Client);
  assert.deepEqual(client.options.auth0Client, { name: 'dpop-spa/angular', version, env: { 'angular/core': VERSION.full } });
  assert.throws(() => ours.Auth0ClientFactory.createClient({ get: () => undefined }), /no configuration/);
});

// One request through a package's AuthHttpInterceptor with a Bearer client (the DPoP path needs
// a browser: tests/frameworks/angular.test.js): what reached the next handler, or the error.
async function intercept(pkg, { httpInterceptor, method = 'GET', url, token = 'tok', fail }) {
  const calls = [];
  const errors = [];
  const client = {
    async getTokenSilently(options) {
      calls.push(structuredClone(options ?? {}));
      if (fail) throw fail;
      if (token === null) return undefined; // none in the cache
      return options?.detailedResponse ? { access_token: token, token_type: 'Bearer', expires_in: 60 } : token;
    },
  };
  const state = { setAccessToken() {}, refresh() {}, setError: (e) => errors.push(e) };
  const interceptor = new pkg.AuthHttpInterceptor(new pkg.AuthClientConfig({ domain: 'as.example', clientId: 'c', httpInterceptor }), client, state, { isLoading$: of(false) });
  let sent;
  // Sent when subscribed, as HttpClient's handlers do (auth0-angular also calls handle() for
  // the branch it does not take).
  const next = { handle: (r) => defer(() => { sent = r; return of(new HttpResponse({ status: 200, url: r.url })); }) };
  let error;
  try {
    await lastValueFrom(interceptor.intercept(new HttpRequest(method, url, method === 'GET' ? undefined : {}), next));
  } catch (e) { error = e; }
  // Both packages ask for the route's tokenOptions; ours adds detailedResponse to learn the token type.
  for (const c of calls) delete c.detailedResponse;
  return { authorization: sent ? sent.headers.get('Authorization') : 'not sent', calls, error, errors: errors.length };
}

const api = 'https://api.example';
const cases = [
  ['no httpInterceptor', { url: `${api}/data` }, null],
  ['no allowedList', { httpInterceptor: {}, url: `${api}/data` }, null],
  ['exact URL', { httpInterceptor: { allowedList: [`${api}/data`] }, url: `${api}/data` }, 'Bearer tok'],
  ['exact URL, request with a query', { httpInterceptor: { allowedList: [`${api}/data`] }, url: `${api}/data?x=1` }, 'Bearer tok'],
  ['exact URL, request with a fragment', { httpInterceptor: { allowedList: [`${api}/data`] }, url: `${api}/data#f` }, 'Bearer tok'],
  ['exact URL, longer path', { httpInterceptor: { allowedList: [`${api}/data`] }, url: `${api}/data/1` }, null],
  ['entry with a query never equals', { httpInterceptor: { allowedList: [`${api}/data?x=1`] }, url: `${api}/data?x=1` }, null],
  ['prefix with *', { httpInterceptor: { allowedList: [`${api}/*`] }, url: `${api}/a/b?c=d` }, 'Bearer tok'],
  ['prefix with * on another origin', { httpInterceptor: { allowedList: [`${api}/*`] }, url: 'https://other.example/a' }, null],
  ['* that is not the last character', { httpInterceptor: { allowedList: [`${api}/a*b*`] }, url: `${api}/a1b2` }, null],
  ['relative prefix', { httpInterceptor: { allowedList: ['/api/*'] }, url: '/api/x' }, 'Bearer tok'],
  ['empty entry', { httpInterceptor: { allowedList: [''] }, url: '' }, null],
  ['route uri', { httpInterceptor: { allowedList: [{ uri: `${api}/*` }] }, url: `${api}/x` }, 'Bearer tok'],
  ['route with another method', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, httpMethod: 'POST' }] }, url: `${api}/x` }, null],
  ['route with the method', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, httpMethod: 'POST' }] }, method: 'POST', url: `${api}/x` }, 'Bearer tok'],
  ['route method is case-sensitive', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, httpMethod: 'post' }] }, method: 'POST', url: `${api}/x` }, null],
  ['uriMatcher', { httpInterceptor: { allowedList: [{ uriMatcher: (u) => u.includes('secret') }] }, url: `${api}/secret?q` }, 'Bearer tok'],
  ['uriMatcher wins over uri', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, uriMatcher: () => false }] }, url: `${api}/x` }, null],
  ['the first matching route gives the token options', {
    httpInterceptor: { allowedList: [{ uri: `${api}/a`, tokenOptions: { authorizationParams: { audience: 'A' } } }, { uri: `${api}/*`, tokenOptions: { authorizationParams: { audience: 'B' } } }] },
    url: `${api}/a`,
  }, 'Bearer tok'],
  ['login_required with allowAnonymous', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, allowAnonymous: true }] }, url: `${api}/x`, fail: { error: 'login_required' } }, null],
  ['login_required without allowAnonymous', { httpInterceptor: { allowedList: [`${api}/*`] }, url: `${api}/x`, fail: { error: 'login_required' } }, 'not sent'],
  ['another error with allowAnonymous', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, allowAnonymous: true }] }, url: `${api}/x`, fail: { error: 'timeout' } }, 'not sent'],
  ['no token in the cache (cache-only)', { httpInterceptor: { allowedList: [`${api}/*`] }, url: `${api}/x`, token: null }, 'not sent'],
  ['no token with allowAnonymous', { httpInterceptor: { allowedList: [{ uri: `${api}/*`, allowAnonymous: true }] }, url: `${api}/x`, token: null }, null],
];

test("the interceptor's allowedList rules are auth0-angular's (the same table through both)", async () => {
  for (const [name, input, expected] of cases) {
    const [mine, theirs] = [await intercept(ours, input), await intercept(official, input)];
    assert.equal(theirs.authorization, expected, `${name}: the table's expectation holds for auth0-angular`);
    assert.deepEqual({ ...mine, error: mine.error?.error }, { ...theirs, error: theirs.error?.error }, name);
  }
});
