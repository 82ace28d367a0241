// dpop-spa public API: the auth0-spa-js 2.28.3 names and shapes for the DPoP surface.

export interface AuthorizationParams {
  redirect_uri?: string;
  audience?: string;
  scope?: string;
  [key: string]: any;
}

export interface Auth0ClientOptions {
  /** Authorization server host (`tenant.auth0.com`, meaning https) or URL with scheme. */
  domain: string;
  clientId: string;
  /** Bind tokens to a browser-held key with DPoP (RFC 9449). */
  useDpop?: boolean;
  authorizationParams?: AuthorizationParams;
  cacheLocation?: 'memory' | 'localstorage';
  useRefreshTokens?: boolean;
  issuer?: string;
  leeway?: number;
  /** A custom cache (auth0-spa-js's `cache` option). */
  cache?: ICache;
  /** Seconds an iframe or popup waits for the authorization server (default 60). */
  authorizeTimeoutInSeconds?: number;
  /** With `useRefreshTokens`: silent authentication when no refresh token works (default false). */
  useRefreshTokensFallback?: boolean;
  /** Days the `auth0.{clientId}.is.authenticated` cookie lives (default 1). */
  sessionCheckExpiryDays?: number;
  cookieDomain?: string;
  /** Also write the `_legacy_` session cookie (default true). */
  legacySameSiteCookie?: boolean;
  /** The token worker's script (`dpop-spa/token-worker.js`) for a CSP without `worker-src blob:`. */
  workerUrl?: string;
  /** Telemetry sent as `auth0Client` / `Auth0-Client` (default: dpop-spa and its version). */
  auth0Client?: { name: string; version: string; env?: Record<string, string> };
}

export interface PopupLoginOptions {
  authorizationParams?: AuthorizationParams;
}
export interface PopupConfigOptions {
  /** Seconds to wait (default `authorizeTimeoutInSeconds`, else 60). */
  timeoutInSeconds?: number;
  /** A window the caller opened (e.g. before an await of its own). */
  popup?: Window | null;
  /** `false` leaves the popup open after it answered. */
  closePopup?: boolean;
}
export interface GetTokenWithPopupOptions extends PopupLoginOptions {
  cacheMode?: 'on' | 'off' | 'cache-only';
}

export interface GetTokenSilentlyVerboseResponse {
  access_token: string;
  id_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
}

export type ResponseHeaders =
  | Record<string, string | null | undefined>
  | [string, string][]
  | { get(name: string): string | null | undefined };

export type CustomFetchMinimalOutput = { status: number; headers: ResponseHeaders };
export type CustomFetchImpl<TOutput extends CustomFetchMinimalOutput> = (req: Request) => Promise<TOutput>;
export type AuthParams = { scope?: string[]; audience?: string };
export type AccessTokenFactory = (authParams?: AuthParams) => Promise<string | GetTokenSilentlyVerboseResponse | undefined>;

export type FetcherConfig<TOutput extends CustomFetchMinimalOutput> = {
  getAccessToken?: AccessTokenFactory;
  baseUrl?: string;
  fetch?: CustomFetchImpl<TOutput>;
  dpopNonceId?: string;
};

export interface Fetcher<TOutput extends CustomFetchMinimalOutput> {
  /**
   * `fetch()` with `Authorization` and, for DPoP tokens, a fresh `DPoP` proof; retries once on
   * `use_dpop_nonce` with the body intact. Rejects with `UseDpopNonceError` when the server
   * keeps refusing, `TypeError` for a relative URL without `baseUrl`.
   */
  fetchWithAuth(info: RequestInfo | URL, init?: RequestInit, authParams?: AuthParams): Promise<TOutput>;
}

export interface RedirectLoginOptions<TAppState = any> {
  authorizationParams?: AuthorizationParams;
  appState?: TAppState;
  /** Called with the authorize URL instead of `window.location.assign`. */
  openUrl?: (url: string) => Promise<void> | void;
}

export interface RedirectLoginResult<TAppState = any> {
  appState?: TAppState;
  response_type: 'code';
}

export interface GetTokenSilentlyOptions {
  authorizationParams?: { audience?: string; scope?: string; [key: string]: any };
  cacheMode?: 'on' | 'off' | 'cache-only';
  detailedResponse?: boolean;
  /** Seconds the silent-authentication iframe waits (default `authorizeTimeoutInSeconds`). */
  timeoutInSeconds?: number;
}

export interface LogoutOptions {
  clientId?: string | null;
  logoutParams?: { returnTo?: string; federated?: boolean; [key: string]: any };
  /** `false`: clear the local session only; a function: called with the logout URL. */
  openUrl?: false | ((url: string) => Promise<void> | void);
}

export declare class User {
  sub?: string;
  name?: string;
  email?: string;
  email_verified?: boolean;
  [key: string]: any;
}

export interface IdToken extends User {
  __raw: string;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nonce?: string;
}

export declare class Auth0Client {
  constructor(options: Auth0ClientOptions);
  readonly options: Auth0ClientOptions;
  loginWithRedirect<TAppState = any>(options?: RedirectLoginOptions<TAppState>): Promise<void>;
  handleRedirectCallback<TAppState = any>(url?: string): Promise<RedirectLoginResult<TAppState>>;
  checkSession(options?: GetTokenSilentlyOptions): Promise<void>;
  getTokenSilently(options: GetTokenSilentlyOptions & { detailedResponse: true }): Promise<GetTokenSilentlyVerboseResponse>;
  getTokenSilently(options?: GetTokenSilentlyOptions): Promise<string>;
  isAuthenticated(): Promise<boolean>;
  getUser<TUser extends User = User>(): Promise<TUser | undefined>;
  getIdTokenClaims(): Promise<IdToken | undefined>;
  logout(options?: LogoutOptions): Promise<void>;
  /** Login in a popup, opened synchronously inside the caller's click. */
  loginWithPopup(options?: PopupLoginOptions, config?: PopupConfigOptions): Promise<void>;
  getTokenWithPopup(options?: GetTokenWithPopupOptions, config?: PopupConfigOptions): Promise<string | undefined>;
  /** RFC 7009: revokes the refresh tokens held for `audience`. */
  revokeRefreshToken(options?: { audience?: string }): Promise<void>;
  getConfiguration(): Readonly<{ domain: string; clientId: string }>;
  /** Out of scope: rejects with `not_supported`. */
  connectAccountWithRedirect(...args: any[]): Promise<never>;
  /** Out of scope: rejects with `not_supported`. */
  exchangeToken(...args: any[]): Promise<never>;
  /** Out of scope: rejects with `not_supported`. */
  loginWithCustomTokenExchange(...args: any[]): Promise<never>;
  /** Out of scope: every method rejects with `not_supported`. */
  readonly mfa: UnsupportedApiClient;
  readonly passkey: UnsupportedApiClient;
  readonly myAccount: UnsupportedApiClient;
  readonly anonymous: UnsupportedApiClient;
  /** Latest DPoP nonce for `id`, or the authorization server's when `id` is absent. */
  getDpopNonce(id?: string): Promise<string | undefined>;
  /** Sets the nonce the next proof for `id` (or the authorization server) uses. */
  setDpopNonce(nonce: string, id?: string): Promise<void>;
  /** A DPoP proof; `nonce` and `ath` (from `accessToken`) only when given. */
  generateDpopProof(params: { url: string; method: string; nonce?: string; accessToken?: string }): Promise<string>;
  /** dpop-spa extension: the RFC 7638 thumbprint (`jkt`) of the DPoP public key. */
  getDpopThumbprint(): Promise<string>;
  createFetcher<TOutput extends CustomFetchMinimalOutput = Response>(config?: FetcherConfig<TOutput>): Fetcher<TOutput>;
}

export declare function createAuth0Client(options: Auth0ClientOptions): Promise<Auth0Client>;

export type Cacheable = any;
export interface ICache {
  set<T = Cacheable>(key: string, entry: T): Promise<void> | void;
  get<T = Cacheable>(key: string): Promise<T | undefined> | T | undefined;
  remove(key: string): Promise<void> | void;
  allKeys(): Promise<string[]> | string[];
}
export declare class InMemoryCache implements ICache {
  set<T = Cacheable>(key: string, entry: T): void;
  get<T = Cacheable>(key: string): T | undefined;
  remove(key: string): void;
  allKeys(): string[];
}
export declare class LocalStorageCache implements ICache {
  set<T = Cacheable>(key: string, entry: T): void;
  get<T = Cacheable>(key: string): T | undefined;
  remove(key: string): void;
  allKeys(): string[];
}
export declare class CacheKey {
  constructor(data: { clientId: string; audience?: string; scope?: string }, prefix?: string, suffix?: string);
  clientId: string;
  audience?: string;
  scope?: string;
  prefix: string;
  suffix?: string;
  toKey(): string;
  static fromKey(key: string): CacheKey;
  static fromCacheEntry(entry: { client_id: string; audience?: string; scope?: string }): CacheKey;
}

export declare class GenericError extends Error {
  constructor(error: string, error_description: string);
  error: string;
  error_description: string;
  /** Stable machine-readable code (equal to `error`). */
  code: string;
  /** HTTP status of the response the error is about, when there is one. */
  status?: number;
  cause?: unknown;
  static fromPayload(payload: { error: string; error_description: string }): GenericError;
}

export declare class UseDpopNonceError extends GenericError {
  constructor(newDpopNonce: string | undefined);
  newDpopNonce: string | undefined;
}

export declare class AuthenticationError extends GenericError {
  constructor(error: string, error_description: string, state: string, appState?: any);
  state: string;
  appState: any;
}
export declare class ConnectError extends GenericError {
  constructor(error: string, error_description: string, connection: string, state: string, appState?: any);
  connection: string;
  state: string;
  appState: any;
}
export declare class TimeoutError extends GenericError { constructor(); }
export declare class PopupTimeoutError extends TimeoutError { constructor(popup: Window); popup: Window; }
export declare class PopupCancelledError extends GenericError { constructor(popup: Window); popup: Window; }
export declare class PopupOpenError extends GenericError { constructor(); }
export declare class MfaRequiredError extends GenericError {
  constructor(error: string, error_description: string, mfa_token: string, mfa_requirements?: any);
  mfa_token: string;
  mfa_requirements?: any;
}
export declare class MissingRefreshTokenError extends GenericError {
  constructor(audience: string, scope: string);
  audience: string;
  scope: string;
}
export declare class MissingScopesError extends GenericError {
  constructor(audience: string, scope: string);
  audience: string;
  scope: string;
}
export declare class InvalidConfigurationError extends GenericError {
  constructor(message: string, suggestion: string);
  suggestion: string;
}

export declare class MfaError extends GenericError {}
export declare class MfaListAuthenticatorsError extends MfaError {}
export declare class MfaEnrollmentError extends MfaError {}
export declare class MfaChallengeError extends MfaError {}
export declare class MfaVerifyError extends MfaError {}
export declare class MfaEnrollmentFactorsError extends MfaError {}
export declare class MyAccountApiError extends GenericError {}
export declare class PasskeyError extends GenericError {}
export declare class PasskeyRegisterError extends PasskeyError {}
export declare class PasskeyChallengeError extends PasskeyError {}
export declare class PasskeyGetTokenError extends PasskeyError {}
export declare class AnonymousSessionError extends GenericError {}

/** An out-of-scope API client: every method rejects with a `not_supported` GenericError. */
export type UnsupportedApiClient = { [method: string]: (...args: any[]) => Promise<never> };
export declare class MfaApiClient { constructor(...args: any[]); [method: string]: any; }
export declare class MyAccountApiClient { constructor(...args: any[]); [method: string]: any; }
export declare class PasskeyApiClient { constructor(...args: any[]); [method: string]: any; }
export declare class AnonymousSessionApiClient { constructor(...args: any[]); [method: string]: any; }
export declare class AnonymousSessionClient { constructor(...args: any[]); [method: string]: any; }

export declare const ResponseType: { readonly Code: 'code'; readonly ConnectCode: 'connect_code' };
export type ResponseType = (typeof ResponseType)[keyof typeof ResponseType];
export declare const RefreshTokenMode: { readonly Offline: 'offline'; readonly Online: 'online' };
export type RefreshTokenMode = (typeof RefreshTokenMode)[keyof typeof RefreshTokenMode];
/** Whether `emailDomain` is federated in the tenant `auth0Domain` (its WebFinger endpoint). */
export declare function isFederatedDomain(auth0Domain: string, emailDomain: string, options?: { customFetch?: typeof fetch }): Promise<boolean>;
