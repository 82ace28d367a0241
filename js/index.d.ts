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

export declare class Auth0Client {
  constructor(options: Auth0ClientOptions);
  readonly options: Auth0ClientOptions;
  /** Latest DPoP nonce for `id`, or the authorization server's when `id` is absent. */
  getDpopNonce(id?: string): Promise<string | undefined>;
  /** Sets the nonce the next proof for `id` (or the authorization server) uses. */
  setDpopNonce(nonce: string, id?: string): Promise<void>;
  /** A DPoP proof; `nonce` and `ath` (from `accessToken`) only when given. */
  generateDpopProof(params: { url: string; method: string; nonce?: string; accessToken?: string }): Promise<string>;
  /** dpop-spa extension: the RFC 7638 thumbprint (`jkt`) of the DPoP public key. */
  getDpopThumbprint(): Promise<string>;
  createFetcher<TOutput extends CustomFetchMinimalOutput = Response>(config?: FetcherConfig<TOutput>): Fetcher<TOutput>;
  getTokenSilently(options?: { authorizationParams?: AuthorizationParams; cacheMode?: 'on' | 'off' | 'cache-only'; detailedResponse?: boolean }): Promise<any>;
}

export declare function createAuth0Client(options: Auth0ClientOptions): Promise<Auth0Client>;

export declare class GenericError extends Error {
  constructor(error: string, error_description: string);
  error: string;
  error_description: string;
  /** Stable machine-readable code (equal to `error`). */
  code: string;
  cause?: unknown;
  static fromPayload(payload: { error: string; error_description: string }): GenericError;
}

export declare class UseDpopNonceError extends GenericError {
  constructor(newDpopNonce: string | undefined);
  newDpopNonce: string | undefined;
}
