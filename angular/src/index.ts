// dpop-spa/angular: @auth0/auth0-angular 2.12.0's API over dpop-spa, with the DPoP scheme,
// proof and nonce retry in the HTTP interceptor.
export { AuthService } from './service';
export type { AppState, ConnectedAccount, LogoutOptions, ObservableMfaApiClient, ObservableMyAccountApiClient, ObservablePasskeyApiClient, RedirectLoginOptions } from './service';
export { AuthState } from './state';
export { AbstractNavigator } from './navigator';
export { AuthGuard } from './guard';
export { AuthHttpInterceptor } from './interceptor';
export { AuthModule, authGuardFn, authHttpInterceptorFn, provideAuth0 } from './providers';
export { Auth0ClientFactory, Auth0ClientService } from './client';
export { AuthClientConfig, AuthConfigService, HttpMethod, isHttpInterceptorRouteConfig } from './config';
export type { ApiRouteDefinition, AuthConfig, HttpInterceptorConfig, HttpInterceptorRouteConfig } from './config';
// The core's own classes, so `instanceof` holds across both imports.
export {
  AuthenticationError, ConnectError, GenericError, InMemoryCache, InvalidConfigurationError, LocalStorageCache, MfaChallengeError,
  MfaEnrollmentError, MfaEnrollmentFactorsError, MfaError, MfaListAuthenticatorsError, MfaRequiredError, MfaVerifyError,
  MissingRefreshTokenError, MissingScopesError, MyAccountApiClient, MyAccountApiError, PasskeyApiClient, PasskeyChallengeError,
  PasskeyError, PasskeyGetTokenError, PasskeyRegisterError, PopupCancelledError, PopupOpenError, PopupTimeoutError, RefreshTokenMode,
  ResponseType, TimeoutError, UseDpopNonceError, User, isFederatedDomain,
} from 'dpop-spa';
export type {
  AuthorizationParams, Cacheable, CustomFetchMinimalOutput, Fetcher, FetcherConfig, GetTokenSilentlyOptions,
  GetTokenSilentlyVerboseResponse, GetTokenWithPopupOptions, ICache, IdToken, PopupConfigOptions, PopupLoginOptions,
} from 'dpop-spa';
