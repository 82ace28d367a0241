// dpop-spa/vue: @auth0/auth0-vue 2.10.0's API over dpop-spa's client.
import type { App, InjectionKey, Ref } from 'vue';
import type {
  Auth0ClientOptions, LogoutOptions as SpaLogoutOptions, RedirectLoginOptions as SpaRedirectLoginOptions,
  RedirectLoginResult, PopupLoginOptions, PopupConfigOptions, GetTokenSilentlyOptions, GetTokenSilentlyVerboseResponse,
  GetTokenWithPopupOptions, IdToken, User, FetcherConfig, Fetcher, CustomFetchMinimalOutput, UnsupportedApiClient,
} from './index.js';

export {
  User, InMemoryCache, LocalStorageCache, UseDpopNonceError, MfaRequiredError, MfaError, MfaListAuthenticatorsError,
  MfaEnrollmentError, MfaChallengeError, MfaVerifyError, MfaEnrollmentFactorsError, PasskeyError, PasskeyRegisterError,
  PasskeyChallengeError, PasskeyGetTokenError, MyAccountApiError, MissingScopesError, InvalidConfigurationError,
  RefreshTokenMode, isFederatedDomain,
} from './index.js';
export type {
  AuthorizationParams, PopupLoginOptions, PopupConfigOptions, GetTokenWithPopupOptions, GetTokenSilentlyOptions, IdToken,
  ICache, Cacheable, FetcherConfig, Fetcher, CustomFetchMinimalOutput, MfaApiClient, PasskeyApiClient, MyAccountApiClient,
} from './index.js';

// Type names auth0-vue re-exports for features dpop-spa does not provide (MFA API, passkeys,
// My Account, custom token exchange): they exist so imports type-check; using the features
// rejects with `not_supported`.
type OutOfScope = Record<string, any>;
export type InteractiveErrorHandler = 'popup';
export type CacheLocation = 'memory' | 'localstorage';
export type LogoutUrlOptions = Omit<SpaLogoutOptions, 'openUrl'>;
export type IsFederatedDomainOptions = { customFetch?: typeof fetch };
export type CustomTokenExchangeOptions = OutOfScope;
export type TokenEndpointResponse = OutOfScope;
export type Authenticator = OutOfScope;
export type AuthenticatorType = string;
export type OobChannel = string;
export type MfaFactorType = string;
export type EnrollParams = OutOfScope;
export type EnrollOtpParams = OutOfScope;
export type EnrollSmsParams = OutOfScope;
export type EnrollVoiceParams = OutOfScope;
export type EnrollEmailParams = OutOfScope;
export type EnrollPushParams = OutOfScope;
export type EnrollmentResponse = OutOfScope;
export type OtpEnrollmentResponse = OutOfScope;
export type OobEnrollmentResponse = OutOfScope;
export type ChallengeAuthenticatorParams = OutOfScope;
export type ChallengeResponse = OutOfScope;
export type VerifyParams = OutOfScope;
export type MfaGrantType = string;
export type EnrollmentFactor = OutOfScope;
export type PasskeySignupOptions = OutOfScope;
export type PasskeyLoginOptions = OutOfScope;
export type AuthenticationMethod = OutOfScope;
export type AuthenticationMethodType = string;
export type Factor = OutOfScope;
export type UpdateAuthenticationMethodRequest = OutOfScope;
export type EnrollmentChallengeOptions = OutOfScope;
export type EnrollmentChallengeResponse = OutOfScope;
export type EnrollmentVerifyOptions = OutOfScope;

/** What the app gets back after the redirect callback; `target` is where the plugin routes (default `/`). */
export interface AppState {
  target?: string;
  [key: string]: any;
}

/** The options of `createAuth0`: every dpop-spa client option (`useDpop` included). */
export interface Auth0VueClientOptions extends Auth0ClientOptions {}
export interface LogoutOptions extends SpaLogoutOptions {}
export interface RedirectLoginOptions<TAppState = AppState> extends SpaRedirectLoginOptions<TAppState> {}

export interface Auth0PluginOptions {
  /** Leave a `code`/`error` + `state` query alone (it is another library's callback). */
  skipRedirectCallback?: boolean;
  /** Where the router goes when the redirect callback fails (default `/`). */
  errorPath?: string;
}

export interface Auth0VueClient {
  /** `true` until the callback or the session check at install has finished. */
  isLoading: Ref<boolean>;
  isAuthenticated: Ref<boolean>;
  user: Ref<User | undefined>;
  idTokenClaims: Ref<IdToken | undefined>;
  /** The last error of a call made through the plugin, `null` after a call that succeeded. */
  error: Ref<any>;
  /** Opens the popup synchronously: call it from a click handler. */
  loginWithPopup(options?: PopupLoginOptions, config?: PopupConfigOptions): Promise<void>;
  loginWithRedirect(options?: RedirectLoginOptions<AppState>): Promise<void>;
  /** Out of scope: rejects with `not_supported`. */
  loginWithCustomTokenExchange(options: CustomTokenExchangeOptions): Promise<TokenEndpointResponse>;
  /** The plugin calls it at install unless `skipRedirectCallback` is set. */
  handleRedirectCallback(url?: string): Promise<RedirectLoginResult<AppState>>;
  checkSession(options?: GetTokenSilentlyOptions): Promise<void>;
  getAccessTokenSilently(options: GetTokenSilentlyOptions & { detailedResponse: true }): Promise<GetTokenSilentlyVerboseResponse>;
  getAccessTokenSilently(options?: GetTokenSilentlyOptions): Promise<string>;
  getAccessTokenWithPopup(options?: GetTokenWithPopupOptions, config?: PopupConfigOptions): Promise<string | undefined>;
  logout(options?: LogoutOptions): Promise<void>;
  getDpopNonce(id?: string): Promise<string | undefined>;
  setDpopNonce(nonce: string, id?: string): Promise<void>;
  generateDpopProof(params: { url: string; method: string; accessToken: string; nonce?: string }): Promise<string>;
  createFetcher<TOutput extends CustomFetchMinimalOutput = Response>(config?: FetcherConfig<TOutput>): Fetcher<TOutput>;
  /** Out of scope: every method rejects with `not_supported`. */
  mfa: UnsupportedApiClient;
  passkey: UnsupportedApiClient;
  myAccount: UnsupportedApiClient;
}

export declare class Auth0Plugin implements Auth0VueClient {
  constructor(clientOptions: Auth0VueClientOptions, pluginOptions?: Auth0PluginOptions);
  install(app: App): void;
  isLoading: Ref<boolean>;
  isAuthenticated: Ref<boolean>;
  user: Ref<User | undefined>;
  idTokenClaims: Ref<IdToken | undefined>;
  error: Ref<any>;
  loginWithPopup(options?: PopupLoginOptions, config?: PopupConfigOptions): Promise<void>;
  loginWithRedirect(options?: RedirectLoginOptions<AppState>): Promise<void>;
  loginWithCustomTokenExchange(options: CustomTokenExchangeOptions): Promise<TokenEndpointResponse>;
  handleRedirectCallback(url?: string): Promise<RedirectLoginResult<AppState>>;
  checkSession(options?: GetTokenSilentlyOptions): Promise<void>;
  getAccessTokenSilently(options: GetTokenSilentlyOptions & { detailedResponse: true }): Promise<GetTokenSilentlyVerboseResponse>;
  getAccessTokenSilently(options?: GetTokenSilentlyOptions): Promise<string>;
  getAccessTokenWithPopup(options?: GetTokenWithPopupOptions, config?: PopupConfigOptions): Promise<string | undefined>;
  logout(options?: LogoutOptions): Promise<void>;
  getDpopNonce(id?: string): Promise<string | undefined>;
  setDpopNonce(nonce: string, id?: string): Promise<void>;
  generateDpopProof(params: { url: string; method: string; accessToken: string; nonce?: string }): Promise<string>;
  createFetcher<TOutput extends CustomFetchMinimalOutput = Response>(config?: FetcherConfig<TOutput>): Fetcher<TOutput>;
  mfa: UnsupportedApiClient;
  passkey: UnsupportedApiClient;
  myAccount: UnsupportedApiClient;
}

/** `app.use(createAuth0(options))`: makes the client, handles the callback or checks the session. */
export declare function createAuth0(clientOptions: Auth0VueClientOptions, pluginOptions?: Auth0PluginOptions): Auth0Plugin;
/** The installed plugin, from `inject` (call it in `setup`). */
export declare function useAuth0(): Auth0VueClient;
export declare const AUTH0_INJECTION_KEY: InjectionKey<Auth0VueClient>;

export interface AuthGuardOptions {
  /** The app whose plugin the guard asks (default: the one installed last). */
  app?: App;
  /** For the login; its `appState` is merged over `{ target: to.fullPath }`. */
  redirectLoginOptions?: RedirectLoginOptions;
}
/**
 * A vue-router guard: `true` when signed in, else a login by redirect back to the route. It
 * reads only the route's `fullPath` (so vue-router's types are not needed here).
 */
export declare function createAuthGuard(app?: App): (to: { fullPath: string }) => Promise<boolean>;
export declare function createAuthGuard(options?: AuthGuardOptions): (to: { fullPath: string }) => Promise<boolean>;
export declare function authGuard(to: { fullPath: string }): Promise<boolean>;

declare module 'vue' {
  interface ComponentCustomProperties {
    $auth0: Auth0VueClient;
  }
}
