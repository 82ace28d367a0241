// dpop-spa/react against @auth0/auth0-react 2.27.0, in Node (no browser): every runtime name
// the official package exports exists in pkg/react.js with the same kind; the context outside
// and inside a provider has the same members; the classes are the core's own objects; and
// pkg/react.js is a small module over './index.js', not a second copy of the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import React from 'react';
import { renderToString } from 'react-dom/server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const officialDir = join(root, 'node_modules/@auth0/auth0-react');
const officialPkg = JSON.parse(readFileSync(join(officialDir, 'package.json'), 'utf8'));
const ours = await import(join(root, 'pkg/react.js'));
const core = await import(join(root, 'pkg/index.js'));
const official = require('@auth0/auth0-react'); // its CommonJS build ("main"): loadable in Node
const h = React.createElement;

// The names of the ESM build ("module", what bundlers read): its one export clause.
function esmNames() {
  const text = readFileSync(join(officialDir, officialPkg.module), 'utf8');
  const clauses = [...text.matchAll(/^export\s*\{([^}]*)\};?\s*$/gm)];
  assert.equal(clauses.length, 1, 'one export clause in the ESM build');
  return clauses[0][1].split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.split(/\s+as\s+/).pop()).sort();
}

test('the official package is the version this wrapper matches', () => {
  assert.equal(officialPkg.version, '2.27.0');
});

test('every runtime export of @auth0/auth0-react 2.27.0 exists in dpop-spa/react, of the same kind', () => {
  const names = esmNames();
  // The parse is checked against the CommonJS build's exports (which add only `default`).
  assert.deepEqual(names, Object.keys(official).filter((n) => n !== 'default' && n !== '__esModule').sort());
  assert.ok(names.length >= 35, `found ${names.length} names`);
  const missing = names.filter((n) => !(n in ours));
  assert.deepEqual(missing, [], 'names the official package has and ours lacks');
  const kinds = names.filter((n) => typeof ours[n] !== typeof official[n]).map((n) => `${n}: ${typeof official[n]} vs ${typeof ours[n]}`);
  assert.deepEqual(kinds, []);
  assert.equal('default' in ours, false, 'no default export, as the ESM build');
});

test('the classes, errors and constants are the core\'s own objects (instanceof holds across imports)', () => {
  const shared = Object.keys(ours).filter((n) => n in core);
  assert.ok(shared.includes('UseDpopNonceError') && shared.includes('Auth0Client') && shared.includes('ResponseType'));
  for (const n of shared) assert.equal(ours[n], core[n], n);
  const e = new core.UseDpopNonceError('n1');
  assert.ok(e instanceof ours.UseDpopNonceError && e instanceof ours.GenericError);
  assert.deepEqual(ours.ResponseType, official.ResponseType);
  assert.deepEqual(ours.RefreshTokenMode, official.RefreshTokenMode);
});

test('OAuthError: the same fields and message as the official one', () => {
  for (const args of [['access_denied', 'User refused'], ['login_required']]) {
    const [a, b] = [new official.OAuthError(...args), new ours.OAuthError(...args)];
    assert.ok(b instanceof ours.OAuthError && b instanceof Error);
    assert.deepEqual({ error: b.error, error_description: b.error_description, message: b.message }, { error: a.error, error_description: a.error_description, message: a.message });
  }
});

// The members of a context value and their kinds, `depth` levels down (the sub-clients).
const shape = (v, depth = 0) => Object.fromEntries(Object.keys(v).sort().map((k) => [k,
  depth > 0 && v[k] && typeof v[k] === 'object' && !(v[k] instanceof Promise) ? shape(v[k], depth - 1) : typeof v[k]]));

test('initialContext: the same members; outside a provider every method throws', () => {
  assert.deepEqual(shape(ours.initialContext, 1), shape(official.initialContext, 1));
  const { isLoading, isAuthenticated, user, error } = ours.initialContext;
  assert.deepEqual({ isLoading, isAuthenticated, user, error }, { isLoading: true, isAuthenticated: false, user: undefined, error: undefined });
  assert.throws(() => ours.initialContext.getAccessTokenSilently(), /Auth0Provider/);
  assert.throws(() => ours.initialContext.mfa.enroll(), /Auth0Provider/);
  // Auth0Context is a React context whose default is initialContext.
  assert.equal(ours.Auth0Context.$$typeof, official.Auth0Context.$$typeof);
  let seen;
  const Probe = () => { seen = ours.useAuth0(); return null; };
  renderToString(h(Probe));
  assert.equal(seen, ours.initialContext);
});

// Renders `<Auth0Provider {...props}><Probe/></Auth0Provider>` on the server (no effects run, so
// no network) and returns what useAuth0() gave the child. No BroadcastChannel while the client
// is made: Node's would keep the test process alive.
function withoutChannel(f) {
  const saved = globalThis.BroadcastChannel;
  globalThis.BroadcastChannel = undefined;
  try {
    return f();
  } finally {
    globalThis.BroadcastChannel = saved;
  }
}
function providedContext(lib, props) {
  let seen;
  const Probe = () => { seen = lib.useAuth0(); return null; };
  withoutChannel(() => renderToString(h(lib.Auth0Provider, props, h(Probe))));
  return seen;
}

test('inside a provider: the same members as the official context; out-of-scope calls reject with not_supported', async () => {
  const props = { domain: 'auth.example.invalid', clientId: 'spa', useDpop: true };
  const a = providedContext(official, props);
  const b = providedContext(ours, props);
  assert.deepEqual(shape(b), shape(a));
  assert.equal(b.isLoading, true);
  assert.equal(b.isAuthenticated, false);
  assert.ok(b._initPromise instanceof Promise, '_initPromise keeps its name through the build');
  assert.deepEqual({ ...b.getConfiguration() }, { domain: 'auth.example.invalid', clientId: 'spa' });
  const calls = {
    connectAccountWithRedirect: () => b.connectAccountWithRedirect({ connection: 'google-oauth2' }),
    loginWithCustomTokenExchange: () => b.loginWithCustomTokenExchange({ subject_token: 't', subject_token_type: 'urn:x' }),
    customTokenExchange: () => b.customTokenExchange({ subject_token: 't', subject_token_type: 'urn:x' }),
    exchangeToken: () => b.exchangeToken({ subject_token: 't', subject_token_type: 'urn:x' }),
    'mfa.getAuthenticators': () => b.mfa.getAuthenticators('token'),
    'passkey.signup': () => b.passkey.signup({ email: 'a@example.com' }),
    'passkey.login': () => b.passkey.login(),
    'myAccount.getFactors': () => b.myAccount.getFactors(),
    'anonymous.createSession': () => b.anonymous.createSession(),
  };
  for (const [name, call] of Object.entries(calls)) {
    await assert.rejects(call(), (e) => e instanceof core.GenericError && e.code === 'not_supported' && e.error === 'not_supported', name);
  }
});

test('the `client` prop: that client is used, and configuration props beside it are warned about', () => {
  const client = withoutChannel(() => new core.Auth0Client({ domain: 'given.example.invalid', clientId: 'given' }));
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  try {
    assert.deepEqual({ ...providedContext(ours, { client }).getConfiguration() }, { domain: 'given.example.invalid', clientId: 'given' });
    assert.deepEqual(warnings, []);
    providedContext(ours, { client, domain: 'other.example.invalid' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /client/);
  } finally {
    console.warn = warn;
  }
});

test('withAuthenticationRequired and withAuth0 render what the official ones render', () => {
  const contexts = (lib, isAuthenticated) => ({ ...lib.initialContext, isLoading: false, isAuthenticated, user: isAuthenticated ? { name: 'Alice' } : undefined });
  const Page = ({ label, auth0 }) => h('b', null, `${label}:${auth0 ? auth0.isAuthenticated : '-'}`);
  const html = (lib, isAuthenticated) => {
    const Guarded = lib.withAuthenticationRequired(Page, { onRedirecting: () => h('i', null, 'redirecting') });
    const Plain = lib.withAuthenticationRequired(Page);
    const WithAuth = lib.withAuth0(Page);
    return renderToString(h(lib.Auth0Context.Provider, { value: contexts(lib, isAuthenticated) },
      h(Guarded, { label: 'guarded' }), h(Plain, { label: 'plain' }), h(WithAuth, { label: 'with' })));
  };
  for (const signedIn of [false, true]) assert.equal(html(ours, signedIn), html(official, signedIn), `signed in: ${signedIn}`);
  assert.equal(html(ours, true), '<b>guarded:-</b><b>plain:-</b><b>with:true</b>');
});

test('useAuth0Suspense and useEnterpriseConnect behave as the official ones', async () => {
  // Outside a provider there is nothing to wait for: both throw.
  for (const lib of [official, ours]) {
    const Probe = () => { lib.useAuth0Suspense(); return null; };
    assert.throws(() => renderToString(h(Probe)), Error);
  }
  // loginWithSSO is loginWithRedirect with the email as login_hint; isFederatedDomain asks the
  // tenant of getConfiguration().domain.
  const calls = (lib) => {
    const seen = [];
    const value = { ...lib.initialContext, getConfiguration: () => ({ domain: 'tenant.example.invalid', clientId: 'spa' }), loginWithRedirect: async (o) => { seen.push(o); } };
    let api;
    const Probe = () => { api = lib.useEnterpriseConnect(); return null; };
    renderToString(h(lib.Auth0Context.Provider, { value }, h(Probe)));
    api.loginWithSSO('alice@example.com', { appState: { returnTo: '/x' }, authorizationParams: { scope: 'openid' } });
    return seen;
  };
  assert.deepEqual(calls(ours), calls(official));
  assert.deepEqual(calls(ours), [{ appState: { returnTo: '/x' }, authorizationParams: { scope: 'openid', login_hint: 'alice@example.com' } }]);
});

test('pkg/react.js imports the core and React by name, inlines neither, and fits its budget', () => {
  const src = readFileSync(join(root, 'pkg/react.js'), 'utf8');
  const imports = [...src.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(imports)].sort(), ['./index.js', 'react']);
  for (const marker of ['dpop_spa_bg.wasm', 'import.meta', 'WebAssembly', 'indexedDB', 'react.production', '__CLIENT_INTERNALS']) {
    assert.equal(src.includes(marker), false, `pkg/react.js contains ${marker}`);
  }
  const gz = gzipSync(src, { level: 9 }).length;
  assert.ok(gz <= 3000, `pkg/react.js is ${gz} B gzip (budget 3000)`);
  assert.ok(gz * 3 < gzipSync(readFileSync(join(root, 'pkg/index.js')), { level: 9 }).length, 'far smaller than the core');
  // Declarations ship beside it.
  assert.match(readFileSync(join(root, 'pkg/react.d.ts'), 'utf8'), /export declare function Auth0Provider/);
});
