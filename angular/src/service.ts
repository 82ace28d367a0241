// AuthService: auth0-angular's API as observables over the core client. Constructing it
// handles the redirect callback when the URL carries one (then navigates to
// appState.target), else checks for a session; either way isLoading$ then turns false.
import { Inject, Injectable, OnDestroy } from '@angular/core';
import { Observable, ReplaySubject, Subscription, catchError, defer, from, map, of, tap, throwError, withLatestFrom } from 'rxjs';
import type {
  Auth0Client, ResponseType, CustomFetchMinimalOutput, Fetcher, FetcherConfig, GetTokenSilentlyOptions, GetTokenSilentlyVerboseResponse,
  GetTokenWithPopupOptions, IdToken, LogoutOptions as CoreLogoutOptions, PopupConfigOptions, PopupLoginOptions,
  RedirectLoginOptions as CoreRedirectLoginOptions, RedirectLoginResult, User,
} from 'dpop-spa';
import { Auth0ClientService } from './client';
import { AuthClientConfig } from './config';
import { AbstractNavigator } from './navigator';
import { AuthState } from './state';

/** auth0-angular's connected account (connectAccountWithRedirect is out of scope in dpop-spa). */
export type ConnectedAccount = { [key: string]: any };

export interface AppState {
  /** Where to navigate after the redirect callback (default `/`). */
  target?: string;
  connectedAccount?: ConnectedAccount;
  response_type?: ResponseType;
  [key: string]: any;
}

export interface RedirectLoginOptions<TAppState = AppState> extends Omit<CoreRedirectLoginOptions<TAppState>, 'onRedirect'> {}
export interface LogoutOptions extends Omit<CoreLogoutOptions, 'onRedirect'> {}

// The out-of-scope sub-clients: each method is the core's, which rejects with not_supported.
export interface ObservableMfaApiClient {
  getAuthenticators(mfaToken: string): Observable<any[]>;
  enroll(params: any): Observable<any>;
  challenge(params: any): Observable<any>;
  getEnrollmentFactors(mfaToken: string): Observable<any[]>;
  verify(params: any): Observable<any>;
}
export interface ObservablePasskeyApiClient {
  signup(options: any): Observable<any>;
  login(options?: any): Observable<any>;
}
export interface ObservableMyAccountApiClient {
  getFactors(): Observable<any[]>;
  getAuthenticationMethods(type?: string): Observable<any[]>;
  getAuthenticationMethod(id: string): Observable<any>;
  deleteAuthenticationMethod(id: string): Observable<void>;
  updateAuthenticationMethod(id: string, data: any): Observable<any>;
  enrollmentChallenge(options: any): Observable<any>;
  enrollmentVerify(options: any): Observable<any>;
}

@Injectable({ providedIn: 'root' })
export class AuthService<TAppState extends AppState = AppState> implements OnDestroy {
  private _appState$ = new ReplaySubject<TAppState>(1);
  private _start: Subscription;

  readonly isLoading$: Observable<boolean>;
  readonly isAuthenticated$: Observable<boolean>;
  readonly user$: Observable<User | null | undefined>;
  readonly idTokenClaims$: Observable<IdToken | null | undefined>;
  readonly error$: Observable<Error>;
  /** The appState of the login whose callback was handled (after handleRedirectCallback). */
  readonly appState$: Observable<TAppState> = this._appState$.asObservable();

  readonly mfa: ObservableMfaApiClient;
  readonly passkey: ObservablePasskeyApiClient;
  readonly myAccount: ObservableMyAccountApiClient;

  constructor(
    @Inject(Auth0ClientService) private _client: Auth0Client,
    private _config: AuthClientConfig,
    private _navigator: AbstractNavigator,
    private _state: AuthState,
  ) {
    ({ isLoading$: this.isLoading$, isAuthenticated$: this.isAuthenticated$, user$: this.user$, idTokenClaims$: this.idTokenClaims$, error$: this.error$ } = _state);
    // Every method of the core's sub-clients, which reject each call with not_supported.
    const sub = (name: 'mfa' | 'passkey' | 'myAccount', tokens?: boolean): any => new Proxy({}, {
      get: (_, m) => typeof m === 'string' && m !== 'then' ? (...args: any[]) => {
        const call = defer(() => (_client[name] as any)[m](...args));
        return tokens ? this._tokens(call, (r: any) => r.access_token) : call;
      } : undefined,
    });
    this.mfa = sub('mfa');
    this.passkey = sub('passkey', true);
    this.myAccount = sub('myAccount');

    const search = new URLSearchParams(location.search);
    const isCallback = ['code', 'connect_code', 'error'].some((k) => search.has(k)) && search.has('state') && !_config.get().skipRedirectCallback;
    const start$: Observable<unknown> = isCallback ? this.handleRedirectCallback() : defer(() => _client.checkSession());
    this._start = start$
      .pipe(
        catchError((error) => {
          _navigator.navigateByUrl(_config.get().errorPath || '/');
          _state.setError(error);
          return of(undefined);
        }),
      )
      .subscribe(() => _state.setIsLoading(false));
  }

  ngOnDestroy(): void {
    this._start.unsubscribe();
  }

  // A token call: its access token updates the state; its error is also on error$.
  private _tokens<T>(call: Observable<T>, tokenOf: (r: T) => string | undefined): Observable<T> {
    return call.pipe(
      tap((r) => {
        const token = r && tokenOf(r);
        if (token) this._state.setAccessToken(token);
      }),
      catchError((error) => {
        this._state.setError(error);
        this._state.refresh();
        return throwError(() => error);
      }),
    );
  }

  loginWithRedirect(options?: RedirectLoginOptions<TAppState>): Observable<void> {
    return from(this._client.loginWithRedirect(options));
  }

  /** Out of scope: errors with not_supported. */
  connectAccountWithRedirect(options: any): Observable<void> {
    return from(this._client.connectAccountWithRedirect(options));
  }

  /** Opens the popup at once: call it from the click handler. */
  loginWithPopup(options?: PopupLoginOptions, config?: PopupConfigOptions): Observable<void> {
    return from(this._client.loginWithPopup(options, config).then(() => this._state.refresh()));
  }

  logout(options?: LogoutOptions): Observable<void> {
    return from(this._client.logout(options).then(() => {
      // Without a redirect the page stays, so the state must follow.
      if (options?.openUrl === false || options?.openUrl) this._state.refresh();
    }));
  }

  getAccessTokenSilently(options: GetTokenSilentlyOptions & { detailedResponse: true }): Observable<GetTokenSilentlyVerboseResponse | undefined>;
  getAccessTokenSilently(options?: GetTokenSilentlyOptions): Observable<string | undefined>;
  getAccessTokenSilently(options: GetTokenSilentlyOptions = {}): Observable<string | GetTokenSilentlyVerboseResponse | undefined> {
    return this._tokens<string | GetTokenSilentlyVerboseResponse>(defer(() => this._client.getTokenSilently(options)), (r) => (typeof r === 'string' ? r : r.access_token));
  }

  getAccessTokenWithPopup(options?: GetTokenWithPopupOptions): Observable<string | undefined> {
    return this._tokens(defer(() => this._client.getTokenWithPopup(options)), (r) => r);
  }

  /** Out of scope: errors with not_supported. */
  loginWithCustomTokenExchange(options: any): Observable<any> {
    return this._tokens(defer(() => this._client.loginWithCustomTokenExchange(options)), (r: any) => r.access_token);
  }

  handleRedirectCallback(url?: string): Observable<RedirectLoginResult<TAppState>> {
    return defer(() => this._client.handleRedirectCallback<TAppState>(url)).pipe(
      withLatestFrom(this._state.isLoading$),
      map(([result, isLoading]) => {
        if (!isLoading) this._state.refresh();
        if (result.appState) this._appState$.next(result.appState);
        this._navigator.navigateByUrl(result.appState?.target ?? '/');
        return result;
      }),
    );
  }

  getDpopNonce(id?: string): Observable<string | undefined> {
    return from(this._client.getDpopNonce(id));
  }

  setDpopNonce(nonce: string, id?: string): Observable<void> {
    return from(this._client.setDpopNonce(nonce, id));
  }

  generateDpopProof(params: { url: string; method: string; nonce?: string; accessToken?: string }): Observable<string> {
    return from(this._client.generateDpopProof(params));
  }

  /** dpop-spa extension: the RFC 7638 thumbprint (`jkt`) of the DPoP key. */
  getDpopThumbprint(): Observable<string> {
    return from(this._client.getDpopThumbprint());
  }

  createFetcher<TOutput extends CustomFetchMinimalOutput = Response>(config?: FetcherConfig<TOutput>): Fetcher<TOutput> {
    return this._client.createFetcher(config);
  }
}
