import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { authHttpInterceptorFn, provideAuth0 } from '@auth0/auth0-angular';

// Where the servers are: the test's static server puts this in index.html (their ports are random).
export interface TestConfig {
  domain: string;
  clientId: string;
  audience: string;
  api: string;
}
declare global {
  var testConfig: TestConfig;
}

export const appConfig = (config: TestConfig): ApplicationConfig => ({
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withInterceptors([authHttpInterceptorFn])),
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
