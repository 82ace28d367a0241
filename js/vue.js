// dpop-spa/vue: the Vue 3 plugin with @auth0/auth0-vue 2.10.0's export names, options,
// defaults and behaviour, over dpop-spa's own client. The core comes from './index.js' (the
// same module instance the app's own `import 'dpop-spa'` gets, so `instanceof` holds);
// vue-router is never imported: the router is the one the app installed ($router).
import { inject, ref, unref, watch } from 'vue';
import { Auth0Client } from './index.js';
import { VERSION } from './version.js';

export {
  User, InMemoryCache, LocalStorageCache, UseDpopNonceError, MfaRequiredError, MfaError, MfaListAuthenticatorsError,
  MfaEnrollmentError, MfaChallengeError, MfaVerifyError, MfaEnrollmentFactorsError, PasskeyError, PasskeyRegisterError,
  PasskeyChallengeError, PasskeyGetTokenError, MyAccountApiError, MissingScopesError, InvalidConfigurationError,
  RefreshTokenMode, isFederatedDomain,
} from './index.js';

const GLOBAL = '$auth0';
export const AUTH0_INJECTION_KEY = Symbol(GLOBAL);

// Before app.use(): calls only say what is missing.
const notInstalled = () => console.error('dpop-spa/vue: the plugin is not installed; call app.use(createAuth0(...)) first.');
const notInstalledApi = new Proxy({}, { get: (_, k) => (k === 'then' ? undefined : notInstalled) });
// The plugin instance the guards use when they are given no app.
let installed = { isLoading: ref(false), isAuthenticated: ref(false), loginWithRedirect: notInstalled };

// v1's top-level `redirect_uri`, moved where v2 reads it (as auth0-vue does, with a warning).
function movedRedirectUri(o) {
  if (o?.redirect_uri) {
    console.warn('dpop-spa/vue: `redirect_uri` is deprecated; use `authorizationParams.redirect_uri`.');
    o.authorizationParams = { ...o.authorizationParams, redirect_uri: o.redirect_uri };
    delete o.redirect_uri;
  }
}

// A URL the authorization server redirected back to: a code or an error, and a state.
const isCallback = (q) => (q.includes('code=') || q.includes('error=')) && q.includes('state=');

export class Auth0Plugin {
  constructor(clientOptions, pluginOptions) {
    Object.assign(this, {
      clientOptions, pluginOptions,
      isLoading: ref(true), isAuthenticated: ref(false), user: ref({}), idTokenClaims: ref(), error: ref(null),
      mfa: notInstalledApi, passkey: notInstalledApi, myAccount: notInstalledApi,
    });
    // `const { logout } = useAuth0()` must keep working: every method is bound to the plugin.
    for (const m of Object.getOwnPropertyNames(Auth0Plugin.prototype)) if (m !== 'constructor') this[m] = this[m].bind(this);
  }

  install(app) {
    const client = this._client = new Auth0Client({ ...this.clientOptions, auth0Client: { name: 'dpop-spa/vue', version: VERSION } });
    // Out of scope in dpop-spa: the core's sub-clients reject with not_supported.
    this.mfa = client.mfa;
    this.myAccount = client.myAccount;
    this.passkey = {
      signup: (o) => this._run(() => client.passkey.signup(o)),
      login: (o) => this._run(() => client.passkey.login(o)),
    };
    this._start(app.config.globalProperties.$router);
    app.config.globalProperties[GLOBAL] = this;
    app.provide(AUTH0_INJECTION_KEY, this);
    installed = this;
  }

  async loginWithRedirect(options) {
    movedRedirectUri(options);
    return this._client.loginWithRedirect(options);
  }

  async loginWithPopup(options, config) {
    movedRedirectUri(options);
    return this._run(() => this._client.loginWithPopup(options, config));
  }

  async logout(options) {
    // A logout that stays in the page (openUrl) updates the state; one that navigates away need not.
    return options?.openUrl || options?.openUrl === false ? this._run(() => this._client.logout(options)) : this._client.logout(options);
  }

  async getAccessTokenSilently(options = {}) {
    movedRedirectUri(options);
    return this._run(() => this._client.getTokenSilently(options));
  }

  async getAccessTokenWithPopup(options, config) {
    movedRedirectUri(options);
    return this._run(() => this._client.getTokenWithPopup(options, config));
  }

  async loginWithCustomTokenExchange(options) {
    return this._run(() => this._client.loginWithCustomTokenExchange(options)); // not_supported
  }

  async checkSession(options) {
    return this._run(() => this._client.checkSession(options));
  }

  async handleRedirectCallback(url) {
    return this._run(() => this._client.handleRedirectCallback(url));
  }

  async getDpopNonce(id) {
    return this._run(() => this._client.getDpopNonce(id));
  }

  async setDpopNonce(nonce, id) {
    return this._run(() => this._client.setDpopNonce(nonce, id));
  }

  async generateDpopProof(params) {
    return this._run(() => this._client.generateDpopProof(params));
  }

  createFetcher(config) {
    return this._client.createFetcher(config);
  }

  // At install: finish a login that redirected back here (then route to appState.target),
  // or restore the session. Never throws: a failure is in `error`, and the app goes to errorPath.
  async _start(router) {
    const { skipRedirectCallback, errorPath } = this.pluginOptions ?? {};
    try {
      if (!isCallback(window.location.search) || skipRedirectCallback) return await this.checkSession();
      const result = await this.handleRedirectCallback();
      const target = result?.appState?.target;
      if (router) {
        window.history.replaceState({}, '', window.location.pathname);
        router.push(target ?? '/');
      } else {
        window.history.replaceState({}, '', target ?? window.location.pathname);
      }
      return result;
    } catch {
      window.history.replaceState({}, '', '/');
      router?.push(errorPath || '/');
    }
  }

  async _refresh() {
    const client = this._client;
    this.isAuthenticated.value = await client.isAuthenticated();
    this.user.value = await client.getUser();
    this.idTokenClaims.value = await client.getIdTokenClaims();
    this.isLoading.value = false;
  }

  // Runs a client call, keeps its error in `error`, and refreshes the reactive state after it.
  async _run(call) {
    try {
      const result = await call();
      this.error.value = null;
      return result;
    } catch (e) {
      this.error.value = e;
      throw e;
    } finally {
      await this._refresh();
    }
  }
}

export function createAuth0(clientOptions, pluginOptions) {
  movedRedirectUri(clientOptions);
  return new Auth0Plugin(clientOptions, pluginOptions);
}

export const useAuth0 = () => inject(AUTH0_INJECTION_KEY);

// Lets the route through when signed in; otherwise sends the user to log in, with the route
// as appState.target (the plugin routes there after the callback). Waits for isLoading.
async function guard(auth0, to, redirectLoginOptions) {
  if (unref(auth0.isLoading)) {
    await new Promise((done) => {
      const stop = watch(() => unref(auth0.isLoading), (loading) => { if (!loading) { stop(); done(); } });
    });
  }
  if (unref(auth0.isAuthenticated)) return true;
  await auth0.loginWithRedirect({
    ...redirectLoginOptions,
    appState: { target: to.fullPath, ...redirectLoginOptions?.appState },
  });
  return false;
}

export function createAuthGuard(appOrOptions) {
  const { app, redirectLoginOptions } = !appOrOptions || 'config' in appOrOptions ? { app: appOrOptions } : appOrOptions;
  return (to) => guard(app ? app.config.globalProperties[GLOBAL] : installed, to, redirectLoginOptions);
}

export const authGuard = (to) => guard(installed, to);
