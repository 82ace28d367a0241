// AuthHttpInterceptor: a request that matches httpInterceptor.allowedList gets the access
// token once loading is over. A Bearer token goes out as auth0-angular sends it. A DPoP token
// goes through the core's fetcher, which makes each attempt's proof (htm, htu, ath, nonce)
// and decides the one use_dpop_nonce retry; every attempt is sent by the next HttpHandler,
// so the body, the other interceptors and the backend stay Angular's.
import { Inject, Injectable } from '@angular/core';
import { HttpErrorResponse, HttpEvent, HttpHandler, HttpHeaders, HttpInterceptor, HttpRequest, HttpResponse } from '@angular/common/http';
import { Observable, Subscription, catchError, concatMap, defer, first, map, of, switchMap, throwError } from 'rxjs';
import type { Auth0Client, GetTokenSilentlyVerboseResponse } from 'dpop-spa';
import { Auth0ClientService } from './client';
import { ApiRouteDefinition, AuthClientConfig, isHttpInterceptorRouteConfig } from './config';
import { AuthService } from './service';
import { AuthState } from './state';

// Errors after which allowAnonymous routes go out without a token.
const ANONYMOUS = ['login_required', 'consent_required', 'missing_refresh_token', 'interaction_required', 'missing_token'];

const toHeaders = (h: HttpHeaders): Headers => new Headers(h.keys().map((k): [string, string] => [k, h.getAll(k)!.join(', ')]));

@Injectable()
export class AuthHttpInterceptor implements HttpInterceptor {
  constructor(
    private _config: AuthClientConfig,
    @Inject(Auth0ClientService) private _client: Auth0Client,
    private _state: AuthState,
    private _auth: AuthService,
  ) {}

  intercept(req: HttpRequest<any>, next: HttpHandler): Observable<HttpEvent<any>> {
    const route = this._route(req);
    if (!route) return next.handle(req);
    const options = isHttpInterceptorRouteConfig(route) ? route : {};
    return this._auth.isLoading$.pipe(
      first((loading) => !loading),
      concatMap(() => this._token(options.tokenOptions)),
      catchError((error) => {
        if (options.allowAnonymous && ANONYMOUS.includes(error?.error)) return of(undefined);
        this._state.setError(error);
        return throwError(() => error);
      }),
      switchMap((token) => {
        if (!token) return next.handle(req);
        if (String(token.token_type).toLowerCase() !== 'dpop') {
          return next.handle(req.clone({ setHeaders: { Authorization: `Bearer ${token.access_token}` } }));
        }
        return this._dpop(req, next, token, options.dpopNonceId);
      }),
    );
  }

  private _token(options?: any): Observable<GetTokenSilentlyVerboseResponse> {
    return defer(() => this._client.getTokenSilently({ ...options, detailedResponse: true })).pipe(
      map((token) => {
        // None in the cache for cacheMode 'cache-only'.
        if (!token?.access_token) throw { error: 'missing_token' };
        this._state.setAccessToken(token.access_token);
        return token;
      }),
      catchError((error) => {
        this._state.refresh();
        return throwError(() => error);
      }),
    );
  }

  // The core's fetcher runs the attempts; its `fetch` sends each through `next` and answers
  // with the status and headers the retry decision needs. What the caller gets is the last
  // attempt, as Angular delivered it: its events (progress events too, but only once the
  // fetcher has decided against a retry), or its HttpErrorResponse (also for a request that
  // got no answer, status 0).
  private _dpop(req: HttpRequest<any>, next: HttpHandler, token: GetTokenSilentlyVerboseResponse, dpopNonceId?: string): Observable<HttpEvent<any>> {
    return new Observable<HttpEvent<any>>((subscriber) => {
      let attempt: { events: HttpEvent<any>[]; error?: unknown } | undefined;
      let inner: Subscription | undefined;
      const fetch = (r: Request) => new Promise<Response>((resolve, reject) => {
        if (subscriber.closed) return reject(new Error('unsubscribed'));
        const events: HttpEvent<any>[] = [];
        let response: HttpResponse<any> | undefined;
        const current: { events: HttpEvent<any>[]; error?: unknown } = (attempt = { events });
        const headers = { Authorization: r.headers.get('authorization')!, DPoP: r.headers.get('dpop')! };
        inner = next.handle(req.clone({ setHeaders: headers })).subscribe({
          next: (e) => {
            events.push(e);
            if (e instanceof HttpResponse) response = e;
          },
          error: (e) => {
            current.error = e;
            // No status: the request never got an answer; the fetcher gives up at once.
            if (e instanceof HttpErrorResponse && e.status) resolve(new Response(null, { status: e.status, headers: toHeaders(e.headers) }));
            else reject(e);
          },
          complete: () => resolve(new Response(null, { status: response?.status || 200, headers: response && toHeaders(response.headers) })),
        });
      });
      const url = new URL(req.urlWithParams, document.baseURI).href;
      this._client
        .createFetcher({ dpopNonceId, fetch, getAccessToken: async () => token })
        .fetchWithAuth(url, { method: req.method })
        .then(
          () => {
            if (attempt!.error) return subscriber.error(attempt!.error);
            for (const e of attempt!.events) subscriber.next(e);
            subscriber.complete();
          },
          (e: unknown) => subscriber.error(attempt?.error ?? e),
        );
      return () => inner?.unsubscribe();
    });
  }

  // auth0-angular's rules: a string (or route.uri) equals the URL without its query and
  // fragment, or ends in its first `*` and prefixes the URL; a route may also require a
  // method or bring its own matcher.
  private _matches(route: ApiRouteDefinition, request: HttpRequest<any>): boolean {
    const test = (value?: string) => !!value
      && (value === request.url.split(/[?#]/)[0] || (value.indexOf('*') === value.length - 1 && request.url.startsWith(value.slice(0, -1))));
    if (!isHttpInterceptorRouteConfig(route)) return test(route);
    if (route.httpMethod && route.httpMethod !== request.method) return false;
    return route.uriMatcher ? route.uriMatcher(request.url) : test(route.uri);
  }

  private _route(request: HttpRequest<any>): ApiRouteDefinition | undefined {
    return this._config.get().httpInterceptor?.allowedList?.find((r) => this._matches(r, request));
  }
}
