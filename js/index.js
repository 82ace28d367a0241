// dpop-spa: the public API, shaped like auth0-spa-js 2.28.3 with `useDpop: true`: every
// runtime export of it, by name. Importing it is enough: the wasm engine loads itself, once,
// on first use.
export { Auth0Client, createAuth0Client } from './client.js';
export { CacheKey, InMemoryCache, LocalStorageCache } from './cache.js';
export {
  GenericError, AuthenticationError, TimeoutError, PopupTimeoutError, PopupCancelledError, PopupOpenError,
  MfaRequiredError, MissingRefreshTokenError, MissingScopesError, UseDpopNonceError, ConnectError,
  InvalidConfigurationError, MfaError, MfaListAuthenticatorsError, MfaEnrollmentError, MfaChallengeError,
  MfaVerifyError, MfaEnrollmentFactorsError, MyAccountApiError, PasskeyError, PasskeyRegisterError,
  PasskeyChallengeError, PasskeyGetTokenError, AnonymousSessionError,
} from './errors.js';
export { MfaApiClient, MyAccountApiClient, PasskeyApiClient, AnonymousSessionApiClient, AnonymousSessionClient } from './unsupported.js';
export { User, ResponseType, RefreshTokenMode, isFederatedDomain } from './names.js';
