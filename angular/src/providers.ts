// The two ways to set it up: provideAuth0() for standalone apps, AuthModule.forRoot() for
// NgModule apps; and the functional guard and interceptor.
import { EnvironmentProviders, ModuleWithProviders, NgModule, Provider, inject, makeEnvironmentProviders } from '@angular/core';
import type { HttpEvent, HttpRequest } from '@angular/common/http';
import type { ActivatedRouteSnapshot, RouterStateSnapshot } from '@angular/router';
import type { Observable } from 'rxjs';
import { Auth0ClientFactory, Auth0ClientService } from './client';
import { AuthClientConfig, AuthConfig, AuthConfigService } from './config';
import { AuthGuard } from './guard';
import { AuthHttpInterceptor } from './interceptor';
import { AuthService } from './service';

const providers = (config: AuthConfig | undefined, extra: Provider[]): Provider[] => [
  AuthService,
  ...extra,
  AuthGuard,
  { provide: AuthConfigService, useValue: config },
  { provide: Auth0ClientService, useFactory: Auth0ClientFactory.createClient, deps: [AuthClientConfig] },
];

@NgModule()
export class AuthModule {
  /** Without `config`, set it with AuthClientConfig.set (e.g. from an APP_INITIALIZER). */
  static forRoot(config?: AuthConfig): ModuleWithProviders<AuthModule> {
    return { ngModule: AuthModule, providers: providers(config, []) };
  }
}

/** Without `config`, set it with AuthClientConfig.set (e.g. from an APP_INITIALIZER). */
export function provideAuth0(config?: AuthConfig): EnvironmentProviders {
  return makeEnvironmentProviders(providers(config, [AuthHttpInterceptor]));
}

export const authGuardFn = (route: ActivatedRouteSnapshot, state: RouterStateSnapshot): Observable<boolean> =>
  inject(AuthGuard).canActivate(route, state);

export const authHttpInterceptorFn = (
  req: HttpRequest<any>,
  handle: (req: HttpRequest<unknown>) => Observable<HttpEvent<unknown>>,
): Observable<HttpEvent<any>> => inject(AuthHttpInterceptor).intercept(req, { handle });
