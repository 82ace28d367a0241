// dpop-spa/react: the @auth0/auth0-react 2.27.0 API over dpop-spa's Auth0Client.
import type { ComponentType, Context, FC, JSX, ReactNode } from 'react';
import type {
  Auth0Client, Auth0ClientOptions, GetTokenSilentlyOptions, GetTokenWithPopupOptions, IdToken,
  LogoutOptions as ClientLogoutOptions, PopupConfigOptions, PopupLoginOptions,
  RedirectLoginOptions as ClientRedirectLoginOptions, RedirectLoginResult, UnsupportedApiClient, User,
} from './index.js';

export * from './index.js';

// ---------------------------------------------------------------- names auth0-react re-exports

export type CacheLocation = 'memory' | 'localstorage';
export interface LogoutUrlOptions { clientId?: string | null; logoutParams?: { returnTo?: string; federated?: boolean; [key: string]: any } }
export interface RevokeRefreshTokenOptions { audience?: string }
export type ClientConfiguration = Readonly<{ domain: string; clientId: string }>;
export interface IsFederatedDomainOptions { customFetch?: typeof fetch }
export type InteractiveErrorHandler = (error: Error) => void | Promise<void>;
export interface TokenEndpointResponse { access_token: string; id_token?: string; token_type?: string; expires_in?: number; scope?: string; refresh_token?: string }
export interface ActClaim { sub?: string; act?: ActClaim; [key: string]: any }
/** Out of scope in dpop-spa (connected accounts, custom token exchange): present so imports type-check. */
export interface RedirectConnectAccountOptions { connection: string; scopes?: string[]; appState?: any; [key: string]: any }
export interface ConnectAccountRedirectResult { appState?: any; response_type: 'connect_code'; connection?: string; [key: string]: any }
export interface CustomTokenExchangeOptions { subject_token: string; subject_token_type: string; audience?: string; scope?: string; [key: string]: any }
/** Types of out-of-scope API clients (MFA, passkeys, My Account, anonymous sessions): loose, so imports type-check. */
export type Authenticator = any; export type MfaFactorType = any; export type EnrollParams = any; export type EnrollOtpParams = any;
export type EnrollSmsParams = any; export type EnrollVoiceParams = any; export type EnrollEmailParams = any; export type EnrollPushParams = any;
export type EnrollmentResponse = any; export type ChallengeAuthenticatorParams = any; export type ChallengeResponse = any;
export type VerifyParams = any; export type EnrollmentFactor = any; export type PasskeySignupOptions = any; export type PasskeyLoginOptions = any;
export type AuthenticationMethod = any; export type AuthenticationMethodType = any; export type Factor = any;
export type UpdateAuthenticationMethodRequest = any; export type EnrollmentChallengeOptions = any; export type EnrollmentChallengeResponse = any;
export type EnrollmentVerifyOptions = any; export type AnonymousGetTokenSilentlyOptions = any; export type AnonymousSession = any;
export type AnonymousSessionClaims = any; export type AnonymousSessionErrorCode = string; export type CreateAnonymousSessionOptions = any;

// ---------------------------------------------------------------- the provider

export type ConnectedAccount = Omit<ConnectAccountRedirectResult, 'appState' | 'response_type'>;

/** What `loginWithRedirect({ appState })` carried, given back to `onRedirectCallback`. */
export type AppState = {
  returnTo?: string;
  connectedAccount?: ConnectedAccount;
  response_type?: 'code' | 'connect_code';
  [key: string]: any;
};

interface Auth0ProviderBaseOptions<TUser extends User = User> {
  children?: ReactNode;
  /** After the callback was handled; default: `history.replaceState` to `appState.returnTo` or the path. */
  onRedirectCallback?: (appState?: AppState, user?: TUser) => void;
  /** Leave `code`/`state` in the URL alone (they belong to something else). */
  skipRedirectCallback?: boolean;
  /** The context to provide (several providers in one app); default `Auth0Context`. */
  context?: Context<Auth0ContextInterface<TUser>>;
}
export type Auth0ProviderWithConfigOptions<TUser extends User = User> = Auth0ProviderBaseOptions<TUser> & Auth0ClientOptions & { client?: never };
export type Auth0ProviderWithClientOptions<TUser extends User = User> = Auth0ProviderBaseOptions<TUser> & { client: Auth0Client };
export type Auth0ProviderOptions<TUser extends User = User> = Auth0ProviderWithConfigOptions<TUser> | Auth0ProviderWithClientOptions<TUser>;

/** Makes an Auth0Client (or takes `client`), handles the redirect callback or checks the session, and provides the state. */
export declare function Auth0Provider<TUser extends User = User>(options: Auth0ProviderOptions<TUser>): JSX.Element;

// ---------------------------------------------------------------- the context

export interface AuthState<TUser extends User = User> {
  error: Error | undefined;
  isAuthenticated: boolean;
  isLoading: boolean;
  user: TUser | undefined;
}

export interface LogoutOptions extends ClientLogoutOptions {}
export interface RedirectLoginOptions<TAppState = AppState> extends Omit<ClientRedirectLoginOptions<TAppState>, 'onRedirect'> {}

export interface Auth0ContextInterface<TUser extends User = User> extends AuthState<TUser> {
  getAccessTokenSilently: Auth0Client['getTokenSilently'];
  getAccessTokenWithPopup: (options?: GetTokenWithPopupOptions, config?: PopupConfigOptions) => Promise<string | undefined>;
  getIdTokenClaims: () => Promise<IdToken | undefined>;
  /** Out of scope: rejects with `not_supported`. */
  loginWithCustomTokenExchange: (options: CustomTokenExchangeOptions) => Promise<TokenEndpointResponse>;
  /** Out of scope: rejects with `not_supported`. */
  customTokenExchange: (options: CustomTokenExchangeOptions) => Promise<TokenEndpointResponse>;
  /** Out of scope: rejects with `not_supported`. */
  exchangeToken: (options: CustomTokenExchangeOptions) => Promise<TokenEndpointResponse>;
  loginWithRedirect: (options?: RedirectLoginOptions<AppState>) => Promise<void>;
  /** Resolves also when the popup failed; the failure is then `error`. */
  loginWithPopup: (options?: PopupLoginOptions, config?: PopupConfigOptions) => Promise<void>;
  /** Out of scope: rejects with `not_supported`. */
  connectAccountWithRedirect: (options: RedirectConnectAccountOptions) => Promise<void>;
  logout: (options?: LogoutOptions) => Promise<void>;
  revokeRefreshToken: (options?: RevokeRefreshTokenOptions) => Promise<void>;
  handleRedirectCallback: (url?: string) => Promise<RedirectLoginResult | ConnectAccountRedirectResult>;
  getDpopNonce: Auth0Client['getDpopNonce'];
  setDpopNonce: Auth0Client['setDpopNonce'];
  generateDpopProof: Auth0Client['generateDpopProof'];
  createFetcher: Auth0Client['createFetcher'];
  getConfiguration: Auth0Client['getConfiguration'];
  /** Out of scope: every method rejects with `not_supported`. */
  mfa: UnsupportedApiClient;
  passkey: UnsupportedApiClient;
  myAccount: UnsupportedApiClient;
  anonymous: UnsupportedApiClient;
  /** Settles when the provider's start (callback or session check) has. */
  _initPromise?: Promise<void>;
}

/** The context outside any provider: the initial state, and methods that throw. */
export declare const initialContext: Auth0ContextInterface;
export declare const Auth0Context: Context<Auth0ContextInterface>;

export declare function useAuth0<TUser extends User = User>(context?: Context<Auth0ContextInterface<TUser>>): Auth0ContextInterface<TUser>;

export type Auth0SuspenseContextInterface<TUser extends User = User> = Omit<Auth0ContextInterface<TUser>, 'isLoading' | '_initPromise'>;
/** React 19: suspends until the provider has started; throws its start's error. */
export declare function useAuth0Suspense<TUser extends User = User>(context?: Context<Auth0ContextInterface<TUser>>): Auth0SuspenseContextInterface<TUser>;

export interface UseEnterpriseConnect {
  isFederatedDomain: (emailDomain: string, options?: IsFederatedDomainOptions) => Promise<boolean>;
  /** `loginWithRedirect` with `login_hint` set to `email`. */
  loginWithSSO: (email: string, options?: RedirectLoginOptions) => Promise<void>;
}
export declare function useEnterpriseConnect(context?: Context<Auth0ContextInterface>): UseEnterpriseConnect;

export interface WithAuth0Props { auth0: Auth0ContextInterface }
export declare function withAuth0<P extends WithAuth0Props>(Component: ComponentType<P>, context?: Context<Auth0ContextInterface>): ComponentType<Omit<P, keyof WithAuth0Props>>;

export interface WithAuthenticationRequiredOptions {
  /** Where to come back to after login (default: the current path and query). */
  returnTo?: string | (() => string);
  /** Rendered while not authenticated (default: nothing). */
  onRedirecting?: () => JSX.Element;
  onBeforeAuthentication?: () => Promise<void>;
  loginOptions?: RedirectLoginOptions;
  context?: Context<Auth0ContextInterface>;
}
/** Renders `Component` only when signed in; otherwise starts `loginWithRedirect`. */
export declare function withAuthenticationRequired<P extends object>(Component: ComponentType<P>, options?: WithAuthenticationRequiredOptions): FC<P>;

/** An error the authorization server answered with. */
export declare class OAuthError extends Error {
  constructor(error: string, error_description?: string);
  error: string;
  error_description?: string;
}
