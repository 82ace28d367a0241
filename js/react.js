'use client';
// dpop-spa/react: @auth0/auth0-react 2.27.0's API (names, props, defaults, state changes) over
// dpop-spa's own Auth0Client, imported from './index.js' so the classes and errors are the
// core's (instanceof holds) and the core is never bundled twice. React comes in by its default
// export: a CommonJS module's object in every bundler, so `use` is read, not linked (React 18
// has none).
import React from 'react';
import { Auth0Client, isFederatedDomain, ResponseType } from './index.js';
import { VERSION } from './version.js';

// auth0-react re-exports auth0-spa-js's classes, errors and constants; this re-exports all of
// the core's (a superset: Auth0Client too, for the `client` prop).
export * from './index.js';

const { createElement: h, createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState } = React;

/** An error from the authorization server (`error`, optional `error_description`). */
export class OAuthError extends Error {
  constructor(error, error_description) {
    super(error_description ?? error);
    this.error = error;
    this.error_description = error_description;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// ---------------------------------------------------------------- context

const initialAuthState = { isAuthenticated: false, isLoading: true, error: undefined, user: undefined };

const stub = () => { throw new Error('No <Auth0Provider> above this component.'); };
const stubs = (names) => Object.fromEntries(names.split(' ').map((n) => [n, stub]));

// Outside a provider every method throws, as auth0-react's do.
export const initialContext = {
  ...initialAuthState,
  ...stubs('buildAuthorizeUrl buildLogoutUrl getAccessTokenSilently getAccessTokenWithPopup getIdTokenClaims loginWithCustomTokenExchange customTokenExchange exchangeToken loginWithRedirect loginWithPopup connectAccountWithRedirect logout revokeRefreshToken handleRedirectCallback getDpopNonce setDpopNonce generateDpopProof createFetcher getConfiguration'),
  mfa: stubs('getAuthenticators enroll challenge verify getEnrollmentFactors'),
  passkey: stubs('signup login'),
  myAccount: stubs('getFactors getAuthenticationMethods getAuthenticationMethod updateAuthenticationMethod deleteAuthenticationMethod enrollmentChallenge enrollmentVerify'),
  anonymous: stubs('createSession getTokenSilently logout hasSession getClaims'),
};

export const Auth0Context = createContext(initialContext);

// ---------------------------------------------------------------- state

// auth0-react's reducer: what each step of the provider does to { isLoading, isAuthenticated, user, error }.
function reducer(state, { type, user, error }) {
  switch (type) {
    case 'LOGIN_POPUP_STARTED': return { ...state, isLoading: true };
    case 'INITIALISED':
    case 'LOGIN_POPUP_COMPLETE': return { ...state, isAuthenticated: !!user, user, isLoading: false, error: undefined };
    case 'LOGOUT': return { ...state, isAuthenticated: false, user: undefined };
    case 'ERROR': return { ...state, isLoading: false, error };
    default: return state.user === user ? state : { ...state, isAuthenticated: !!user, user }; // *_COMPLETE, SYNC_USER
  }
}

// A callback from the authorization server: a code (or connect code) or an error, with a state.
const hasAuthParams = (q = window.location.search) => /[?&](?:(?:connect_)?code|error)=[^&]/.test(q) && /[?&]state=[^&]/.test(q);

// Anything thrown becomes an Error: an `{ error, error_description }` object an OAuthError.
const normalize = (fallback) => (e) => (e instanceof Error ? e
  : typeof e?.error === 'string' ? new OAuthError(e.error, typeof e.error_description === 'string' ? e.error_description : undefined)
    : new Error(fallback));
const loginError = normalize('Login failed');
const tokenError = normalize('Get access token failed');

// auth0-react 1.x's `redirectUri` options still work, with a warning.
function deprecateRedirectUri(o) {
  const warn = (name) => console.warn(`\`${name}\` is deprecated: use \`authorizationParams.redirect_uri\`.`);
  if (o?.redirectUri) {
    warn('redirectUri');
    (o.authorizationParams ??= {}).redirect_uri = o.redirectUri;
    delete o.redirectUri;
  }
  const ap = o?.authorizationParams;
  if (ap?.redirectUri) {
    warn('authorizationParams.redirectUri');
    ap.redirect_uri = ap.redirectUri;
    delete ap.redirectUri;
  }
}

const defaultOnRedirectCallback = (appState) => window.history.replaceState({}, document.title, appState?.returnTo ?? window.location.pathname);

// A promise settled by the provider's initialisation, for useAuth0Suspense (never unhandled).
function deferred() {
  const d = {};
  d.promise = new Promise((resolve, reject) => Object.assign(d, { resolve, reject }));
  d.promise.catch(() => {});
  return d;
}

// ---------------------------------------------------------------- provider

export function Auth0Provider(props) {
  const { children, skipRedirectCallback, onRedirectCallback = defaultOnRedirectCallback, context = Auth0Context, client: given, ...options } = props;
  if (given && (options.domain || options.clientId)) {
    console.warn('Auth0Provider: with `client`, the configuration props (`domain`, `clientId`, …) are ignored.');
  }
  const [client] = useState(() => {
    if (given) return given;
    deprecateRedirectUri(options);
    return new Auth0Client({ ...options, auth0Client: { name: 'dpop-spa/react', version: VERSION } });
  });
  const [state, dispatch] = useReducer(reducer, initialAuthState);
  const [init, setInit] = useState(deferred);
  const [initFailed, setInitFailed] = useState(false);
  const started = useRef(false);
  const retried = useRef(false);

  const fail = (e) => dispatch({ type: 'ERROR', error: e });
  // The callback is used once; a retry (allowRedirect false) only checks the session again.
  const run = useCallback(async (d, allowRedirect) => {
    try {
      let user;
      if (allowRedirect && hasAuthParams() && !skipRedirectCallback) {
        const { appState = {}, response_type, ...result } = await client.handleRedirectCallback();
        user = await client.getUser();
        appState.response_type = response_type;
        if (response_type === ResponseType.ConnectCode) appState.connectedAccount = result;
        onRedirectCallback(appState, user);
      } else {
        await client.checkSession();
        user = await client.getUser();
      }
      dispatch({ type: 'INITIALISED', user });
      d.resolve();
    } catch (e) {
      const err = loginError(e);
      fail(err);
      setInitFailed(true);
      d.reject(err);
    }
  }, [client, onRedirectCallback, skipRedirectCallback]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    run(init, true);
  }, [run, init]);

  // A failed start, then signed in another way (a popup, a silent token): check the session
  // once more against a fresh promise, so a Suspense error boundary can recover.
  useEffect(() => {
    if (!initFailed || retried.current || !state.isAuthenticated) return;
    retried.current = true;
    const d = deferred();
    setInit(d);
    run(d, false);
  }, [initFailed, state.isAuthenticated, run]);

  const methods = useMemo(() => {
    // Calls that end by reading the user again, whatever happened (auth0-react's *_COMPLETE).
    const thenUser = (type, f) => async (...args) => {
      try {
        return await f(...args);
      } catch (e) {
        throw tokenError(e);
      } finally {
        dispatch({ type, user: await client.getUser() });
      }
    };
    const loginWithCustomTokenExchange = thenUser('GET_ACCESS_TOKEN_COMPLETE', (o) => client.loginWithCustomTokenExchange(o));
    return {
      getAccessTokenSilently: thenUser('GET_ACCESS_TOKEN_COMPLETE', (o) => client.getTokenSilently(o)),
      getAccessTokenWithPopup: thenUser('GET_ACCESS_TOKEN_COMPLETE', (o, c) => client.getTokenWithPopup(o, c)),
      getIdTokenClaims: () => client.getIdTokenClaims(),
      loginWithCustomTokenExchange,
      customTokenExchange: (o) => client.customTokenExchange(o),
      exchangeToken: (o) => loginWithCustomTokenExchange(o),
      loginWithRedirect: (o) => {
        deprecateRedirectUri(o);
        return client.loginWithRedirect(o);
      },
      // The popup opens synchronously, inside the caller's click: no await before it.
      loginWithPopup: async (o, c) => {
        dispatch({ type: 'LOGIN_POPUP_STARTED' });
        try {
          await client.loginWithPopup(o, c);
        } catch (e) {
          fail(loginError(e));
          return;
        }
        dispatch({ type: 'LOGIN_POPUP_COMPLETE', user: await client.getUser() });
      },
      connectAccountWithRedirect: (o) => client.connectAccountWithRedirect(o),
      logout: async (o = {}) => {
        await client.logout(o);
        if (o.openUrl || o.openUrl === false) dispatch({ type: 'LOGOUT' });
      },
      revokeRefreshToken: async (o) => {
        try {
          await client.revokeRefreshToken(o);
        } finally {
          dispatch({ type: 'SYNC_USER', user: await client.getUser() });
        }
      },
      handleRedirectCallback: thenUser('HANDLE_REDIRECT_COMPLETE', (url) => client.handleRedirectCallback(url)),
      getDpopNonce: (id) => client.getDpopNonce(id),
      setDpopNonce: (nonce, id) => client.setDpopNonce(nonce, id),
      generateDpopProof: (p) => client.generateDpopProof(p),
      createFetcher: (c) => client.createFetcher(c),
      getConfiguration: () => client.getConfiguration(),
      // Out of scope in dpop-spa: every method of these rejects with not_supported.
      mfa: client.mfa,
      myAccount: client.myAccount,
      anonymous: client.anonymous,
      passkey: {
        signup: thenUser('GET_ACCESS_TOKEN_COMPLETE', (o) => client.passkey.signup(o)),
        login: thenUser('GET_ACCESS_TOKEN_COMPLETE', (o) => client.passkey.login(o)),
      },
    };
  }, [client]);

  // Quoted: a public name (auth0-react's), kept out of the build's `_private` mangling.
  const value = useMemo(() => ({ ...state, ...methods, '_initPromise': init.promise }), [state, methods, init]);
  return h(context.Provider, { value }, children);
}

// ---------------------------------------------------------------- hooks and HOCs

export const useAuth0 = (context = Auth0Context) => useContext(context);

// Suspends until the provider's start has settled (React 19's `use`); rethrows its error.
export function useAuth0Suspense(context = Auth0Context) {
  if (typeof React.use !== 'function') throw new Error('useAuth0Suspense needs React 19 (React.use).');
  const ctx = useContext(context);
  const init = ctx['_initPromise'];
  if (!init) throw new Error('useAuth0Suspense needs an <Auth0Provider> above it.');
  React.use(init);
  return useMemo(() => {
    const { isLoading, '_initPromise': _, ...rest } = ctx;
    return rest;
  }, [ctx]);
}

export function useEnterpriseConnect(context = Auth0Context) {
  const { getConfiguration, loginWithRedirect } = useContext(context);
  return {
    isFederatedDomain: useCallback((emailDomain, o) => isFederatedDomain(getConfiguration().domain, emailDomain, o), [getConfiguration]),
    loginWithSSO: useCallback((email, o) => loginWithRedirect({ ...o, authorizationParams: { ...o?.authorizationParams, login_hint: email } }), [loginWithRedirect]),
  };
}

export const withAuth0 = (Component, context = Auth0Context) => function WithAuth(props) {
  return h(Component, { ...props, auth0: useContext(context) });
};

// The path and query to come back to; a leading `//` would read as another host.
const defaultReturnTo = () => `${window.location.pathname.replace(/^\/\/+/, '/')}${window.location.search}`;
const nothing = () => h(React.Fragment);
const noop = async () => {};

export const withAuthenticationRequired = (Component, options = {}) => function WithAuthenticationRequired(props) {
  const { returnTo = defaultReturnTo, onRedirecting = nothing, onBeforeAuthentication = noop, loginOptions, context = Auth0Context } = options;
  const { isAuthenticated, isLoading, loginWithRedirect } = useAuth0(context);
  useEffect(() => {
    if (isLoading || isAuthenticated) return;
    const o = { ...loginOptions, appState: { ...loginOptions?.appState, returnTo: typeof returnTo === 'function' ? returnTo() : returnTo } };
    (async () => {
      await onBeforeAuthentication();
      await loginWithRedirect(o);
    })();
  }, [isLoading, isAuthenticated, loginWithRedirect, onBeforeAuthentication, loginOptions, returnTo]);
  return isAuthenticated ? h(Component, props) : onRedirecting();
};
