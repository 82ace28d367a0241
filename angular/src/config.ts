// The configuration: auth0-angular's AuthConfig (the core's options plus the wrapper's own),
// the token it is provided under, and AuthClientConfig, which can also be set later (from an
// APP_INITIALIZER) as long as that happens before AuthService is first injected.
import { Inject, Injectable, InjectionToken, Optional } from '@angular/core';
import type { Auth0ClientOptions, GetTokenSilentlyOptions } from 'dpop-spa';

export const enum HttpMethod {
  Get = 'GET',
  Post = 'POST',
  Put = 'PUT',
  Patch = 'PATCH',
  Delete = 'DELETE',
  Head = 'HEAD',
}

/** A request the interceptor attaches a token to: a URL (a trailing `*` matches by prefix) or a route. */
export type ApiRouteDefinition = HttpInterceptorRouteConfig | string;

export interface HttpInterceptorRouteConfig {
  /** The request URL without its query, or a prefix ending in `*`. */
  uri?: string;
  /** Decides instead of `uri`, given the request URL. */
  uriMatcher?: (uri: string) => boolean;
  /** Options for the getTokenSilently call that gets this route's token. */
  tokenOptions?: GetTokenSilentlyOptions;
  /** Only requests with this method match. */
  httpMethod?: HttpMethod | string;
  /** Send the request without a token when none can be had without the user. */
  allowAnonymous?: boolean;
  /** dpop-spa extension: the `dpopNonceId` under which this API's DPoP nonces are kept. */
  dpopNonceId?: string;
}

export interface HttpInterceptorConfig {
  allowedList: ApiRouteDefinition[];
}

export interface AuthConfig extends Auth0ClientOptions {
  /** Leave `?code=&state=` in the URL to the app instead of handling it at start-up. */
  skipRedirectCallback?: boolean;
  httpInterceptor?: HttpInterceptorConfig;
  /** Where to navigate when the start-up callback or session check fails (default `/`). */
  errorPath?: string;
}

export function isHttpInterceptorRouteConfig(def: ApiRouteDefinition): def is HttpInterceptorRouteConfig {
  return typeof def !== 'string';
}

export const AuthConfigService = new InjectionToken<AuthConfig>('dpop-spa/angular AuthConfig');

@Injectable({ providedIn: 'root' })
export class AuthClientConfig {
  private _config?: AuthConfig;

  constructor(@Optional() @Inject(AuthConfigService) config?: AuthConfig) {
    if (config) this.set(config);
  }

  set(config: AuthConfig): void {
    this._config = config;
  }

  get(): AuthConfig {
    return this._config as AuthConfig;
  }
}
