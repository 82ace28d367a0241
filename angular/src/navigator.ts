// Navigation after the redirect callback: the Router when the app has one, else the URL is
// replaced in place.
import { Injectable, Injector } from '@angular/core';
import { Location } from '@angular/common';
import { Router } from '@angular/router';

@Injectable({ providedIn: 'root' })
export class AbstractNavigator {
  private readonly _router?: Router | null;

  constructor(private _location: Location, injector: Injector) {
    try {
      this._router = injector.get(Router, null);
    } catch {
      // no router in this injector
    }
  }

  navigateByUrl(url: string): void {
    if (this._router) this._router.navigateByUrl(url);
    else this._location.replaceState(url);
  }
}
