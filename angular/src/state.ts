// The authentication state as observables. isAuthenticated$ (and user$, idTokenClaims$ from
// it) is asked of the client once loading is over, again whenever the access token changes,
// and on refresh() (after a popup login, a local logout, a failed token call).
import { Inject, Injectable } from '@angular/core';
import { BehaviorSubject, Observable, ReplaySubject, Subject, concatMap, distinctUntilChanged, filter, from, merge, of, shareReplay, switchMap } from 'rxjs';
import type { Auth0Client, IdToken, User } from 'dpop-spa';
import { Auth0ClientService } from './client';

@Injectable({ providedIn: 'root' })
export class AuthState {
  private _loading$ = new BehaviorSubject<boolean>(true);
  private _refresh$ = new Subject<void>();
  private _token$ = new ReplaySubject<string>(1);
  private _error$ = new ReplaySubject<Error>(1);

  /** `true` until the start-up callback or session check has finished. */
  readonly isLoading$: Observable<boolean> = this._loading$.asObservable();

  private readonly _trigger$: Observable<boolean> = this.isLoading$.pipe(
    filter((loading) => !loading),
    distinctUntilChanged(),
    switchMap(() => merge(of(0), this._token$.pipe(distinctUntilChanged()), this._refresh$)),
    // In order: a slow answer must not overwrite a newer one.
    concatMap(() => from(this._client.isAuthenticated())),
  );

  readonly isAuthenticated$: Observable<boolean> = this._trigger$.pipe(distinctUntilChanged(), shareReplay(1));

  readonly user$: Observable<User | null | undefined> = this._trigger$.pipe(
    concatMap((authenticated) => (authenticated ? this._client.getUser() : of(null))),
    distinctUntilChanged(),
  );

  readonly idTokenClaims$: Observable<IdToken | null | undefined> = this._trigger$.pipe(
    concatMap((authenticated) => (authenticated ? this._client.getIdTokenClaims() : of(null))),
  );

  /** Errors of the start-up callback or session check, and of token calls. */
  readonly error$: Observable<Error> = this._error$.asObservable();

  constructor(@Inject(Auth0ClientService) private _client: Auth0Client) {}

  setIsLoading(isLoading: boolean): void {
    this._loading$.next(isLoading);
  }

  refresh(): void {
    this._refresh$.next();
  }

  setAccessToken(accessToken: string): void {
    this._token$.next(accessToken);
  }

  setError(error: any): void {
    this._error$.next(error);
  }
}
