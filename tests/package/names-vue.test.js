// dpop-spa/vue against @auth0/auth0-vue 2.10.0, in Node (both import here: vue is a root dev
// dependency and neither touches the DOM at import): the same runtime export names with the
// same typeof, the core imported from './index.js' (never a copy of it, so `instanceof` holds),
// the guards deciding as the official ones do, and out-of-scope calls as coded errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp, nextTick, ref } from 'vue';
import ts from 'typescript';
import * as official from '@auth0/auth0-vue';

const pkg = fileURLToPath(new URL('../../pkg/', import.meta.url));
const ours = await import(`${pkg}vue.js`);
const core = await import(`${pkg}index.js`);
const kinds = (m) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, typeof m[k]]));

test('every runtime export of @auth0/auth0-vue 2.10.0 exists in dpop-spa/vue with the same typeof', () => {
  assert.equal(JSON.parse(readFileSync(new URL('../../node_modules/@auth0/auth0-vue/package.json', import.meta.url), 'utf8')).version, '2.10.0');
  const theirs = kinds(official);
  assert.ok(Object.keys(theirs).length >= 26, 'the official list was read');
  const mine = kinds(ours);
  const missing = Object.keys(theirs).filter((k) => !(k in mine));
  assert.deepEqual(missing, [], 'names missing');
  for (const k of Object.keys(theirs)) assert.equal(mine[k], theirs[k], `typeof ${k}`);
  assert.deepEqual(Object.keys(mine).filter((k) => !(k in theirs)), [], 'no names of our own');
});

test('every type and value name of its .d.ts exists in pkg/vue.d.ts', () => {
  const files = [fileURLToPath(new URL('../../node_modules/@auth0/auth0-vue/dist/typings/index.d.ts', import.meta.url)), `${pkg}vue.d.ts`];
  const program = ts.createProgram(files, { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const [theirs, mine] = files.map((f) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(f))).map((s) => s.name).sort());
  assert.ok(theirs.length >= 80, 'the official declarations were read');
  assert.deepEqual(mine, theirs);
});

test('pkg/vue.js imports the core from ./index.js and vue by name, and inlines neither', () => {
  const src = readFileSync(`${pkg}vue.js`, 'utf8');
  const specifiers = [...src.matchAll(/\bfrom\s*"([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(specifiers)].sort(), ['./index.js', 'vue']);
  assert.doesNotMatch(src, /dpop_spa_bg\.wasm|a0\.spajs\.txs|use_dpop_nonce|createElementVNode|__v_isRef/, 'no copy of the core or of vue');
  assert.doesNotMatch(src, /vue-router/, 'vue-router is not imported');
  // The same class objects as the core's, so errors thrown by the client are instanceof them.
  for (const k of Object.keys(official)) if (k in core) assert.equal(ours[k], core[k], `${k} is the core's`);
  assert.ok(new core.UseDpopNonceError('n') instanceof ours.UseDpopNonceError);
  assert.deepEqual(ours.RefreshTokenMode, official.RefreshTokenMode);
  assert.equal(typeof ours.AUTH0_INJECTION_KEY, 'symbol');
  assert.equal(ours.AUTH0_INJECTION_KEY.description, official.AUTH0_INJECTION_KEY.description);
});

// A plugin-shaped client the guards ask: loading until `finish()`, recording its logins.
function fakeAuth0({ authenticated }) {
  const logins = [];
  return {
    logins, isLoading: ref(true), isAuthenticated: ref(false),
    loginWithRedirect: async (o) => { logins.push(o); },
    finish() { this.isAuthenticated.value = authenticated; this.isLoading.value = false; },
  };
}

// The same scenario through one package's createAuthGuard: what it resolves to and the logins.
async function runGuard(mod, { authenticated, options }) {
  const auth0 = fakeAuth0({ authenticated });
  const app = { config: { globalProperties: { $auth0: auth0 } } };
  const guard = mod.createAuthGuard(options === undefined ? app : { app, ...options });
  let settled = false;
  const result = guard({ fullPath: '/profile?tab=1#top' }).finally(() => { settled = true; });
  await nextTick();
  await new Promise((r) => setTimeout(r, 10));
  const waited = !settled; // the guard waits for isLoading before deciding
  auth0.finish();
  return { waited, allowed: await result, logins: auth0.logins };
}

test('createAuthGuard decides as auth0-vue does (waits for loading, appState.target, options merged)', async () => {
  const cases = [
    { authenticated: true },
    { authenticated: false },
    { authenticated: false, options: { redirectLoginOptions: { authorizationParams: { screen_hint: 'signup' }, appState: { extra: 1 } } } },
    { authenticated: false, options: { redirectLoginOptions: { appState: { target: '/elsewhere' } } } },
  ];
  for (const c of cases) {
    const mine = await runGuard(ours, c);
    assert.deepEqual(mine, await runGuard(official, c), JSON.stringify(c));
    assert.equal(mine.waited, true);
    assert.equal(mine.allowed, c.authenticated);
  }
  const unauth = await runGuard(ours, { authenticated: false });
  assert.deepEqual(unauth.logins, [{ appState: { target: '/profile?tab=1#top' } }]);
});

test('the plugin in a Vue app: provided and global, bound methods, state after the session check, out-of-scope calls coded', async () => {
  // The little of a browser the install path reads when there is no callback and no session cookie.
  // No BroadcastChannel (Node has one; its open port would keep the test process alive).
  const saved = { window: globalThis.window, document: globalThis.document, BroadcastChannel: globalThis.BroadcastChannel };
  globalThis.window = { location: { search: '', pathname: '/' }, history: { replaceState() {} } };
  globalThis.document = { cookie: '' };
  globalThis.BroadcastChannel = undefined;
  try {
    const app = createApp({});
    const plugin = ours.createAuth0({ domain: 'https://as.example', clientId: 'spa', useDpop: true }, { errorPath: '/oops' });
    assert.ok(plugin instanceof ours.Auth0Plugin);
    assert.equal(plugin.isLoading.value, true, 'loading until the session check ends');
    app.use(plugin);
    assert.equal(app.config.globalProperties.$auth0, plugin);
    assert.equal(app.runWithContext(() => ours.useAuth0()), plugin);
    const { checkSession, loginWithCustomTokenExchange, isLoading, isAuthenticated, user, idTokenClaims, error } = app.runWithContext(() => ours.useAuth0());
    await checkSession(); // destructured: bound to the plugin
    assert.equal(isLoading.value, false);
    assert.equal(isAuthenticated.value, false);
    assert.equal(user.value, undefined);
    assert.equal(idTokenClaims.value, undefined);
    assert.equal(error.value, null);

    const e = await loginWithCustomTokenExchange({ subject_token: 't', subject_token_type: 'urn:x' }).catch((x) => x);
    assert.ok(e instanceof core.GenericError);
    assert.equal(e.code, 'not_supported');
    assert.equal(error.value, e, 'kept in the error ref, as auth0-vue keeps errors of its calls');
    for (const call of [() => plugin.mfa.getAuthenticators('t'), () => plugin.passkey.signup({ email: 'a@b' }), () => plugin.myAccount.getFactors()]) {
      const x = await call().catch((y) => y);
      assert.ok(x instanceof core.GenericError);
      assert.equal(x.code, 'not_supported');
    }
  } finally {
    Object.assign(globalThis, saved);
  }
});
