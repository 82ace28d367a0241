import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideAuth0 } from '@auth0/auth0-angular';

// Where the servers are: the test's static server puts this in index.html (their ports are random).
export interface TestConfig {
  domain: string;
  clientId: string;
  audience: string;
}
declare global {
  var testConfig: TestConfig;
}

export const appConfig = (config: TestConfig): ApplicationConfig => ({
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideAuth0({
      domain: config.domain,
      clientId: config.clientId,
      useDpop: true,
      authorizationParams: {
        audience: config.audience,
        redirect_uri: window.location.origin,
      },
    }),
  ],
});
