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
}

export interface LogoutOptions {
  clientId?: string | null;
  logoutParams?: { returnTo?: string; federated?: boolean; [key: string]: any };
  /** `false`: clear the local session only; a function: called with the logout URL. */
  openUrl?: false | ((url: string) => Promise<void> | void);
}

export interface User {
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
  /** Not supported yet: rejects with `not_supported`. */
  loginWithPopup(...args: any[]): Promise<void>;
  /** Not supported yet: rejects with `not_supported`. */
  getTokenWithPopup(...args: any[]): Promise<string | undefined>;
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
