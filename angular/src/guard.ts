// AuthGuard: an unauthenticated navigation starts loginWithRedirect, with the URL it wanted as
// appState.target (the callback navigates there afterwards).
import { Injectable } from '@angular/core';
import type { ActivatedRouteSnapshot, Route, RouterStateSnapshot, UrlSegment } from '@angular/router';
import { Observable, map, of, switchMap, take } from 'rxjs';
import { AuthService } from './service';

@Injectable({ providedIn: 'root' })
export class AuthGuard {
  constructor(private _auth: AuthService) {}

  canLoad(route: Route, segments: UrlSegment[]): Observable<boolean> {
    return this._auth.isAuthenticated$.pipe(take(1));
  }

  canActivate(next: ActivatedRouteSnapshot, state: RouterStateSnapshot): Observable<boolean> {
    return this._redirect(state);
  }

  canActivateChild(childRoute: ActivatedRouteSnapshot, state: RouterStateSnapshot): Observable<boolean> {
    return this._redirect(state);
  }

  private _redirect(state: RouterStateSnapshot): Observable<boolean> {
    return this._auth.isAuthenticated$.pipe(
      switchMap((loggedIn) => loggedIn ? of(true) : this._auth.loginWithRedirect({ appState: { target: state.url } }).pipe(map(() => false))),
    );
  }
}
