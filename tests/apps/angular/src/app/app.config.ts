import { ApplicationConfig, provideBrowserGlobalErrorListeners, signal } from '@angular/core';
import { HttpInterceptorFn, provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideRouter } from '@angular/router';
import { authHttpInterceptorFn, provideAuth0 } from 'dpop-spa/angular';
import { routes } from './app.routes';

// Where the servers are: the test's static server puts this in index.html (their ports are
// random); a real app would have it in its environment file.
export interface TestConfig {
  domain: string;
  clientId: string;
  audience: string;
  api: string;
}
declare global {
  var testConfig: TestConfig;
}

// Every request that leaves the interceptor chain, as the backend sees it (after the auth
// interceptor): a DPoP nonce retry shows up here as a second request.
export const sent = signal<{ method: string; url: string; authorization: string | null; dpop: boolean; body: unknown }[]>([]);
const recordSent: HttpInterceptorFn = (req, next) => {
  const authorization = req.headers.get('Authorization');
  const scheme = authorization && authorization.split(' ')[0];
  sent.update((list) => [...list, { method: req.method, url: req.url, authorization: scheme, dpop: req.headers.has('DPoP'), body: req.body }]);
  return next(req);
};

export const appConfig = (config: TestConfig): ApplicationConfig => ({
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes),
    provideHttpClient(withInterceptors([authHttpInterceptorFn, recordSent])),
    provideAuth0({
      domain: config.domain,
      clientId: config.clientId,
      useDpop: true,
      authorizationParams: {
        audience: config.audience,
        redirect_uri: window.location.origin,
      },
      httpInterceptor: {
        allowedList: [`${config.api}/api/*`],
      },
    }),
  ],
});
