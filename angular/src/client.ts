// The one Auth0Client of the app, made from AuthClientConfig with this wrapper's telemetry.
import { InjectionToken, VERSION } from '@angular/core';
import { Auth0Client } from 'dpop-spa';
import type { AuthClientConfig } from './config';
import { version } from './version';

export class Auth0ClientFactory {
  static createClient(configFactory: AuthClientConfig): Auth0Client {
    const config = configFactory.get();
    if (!config) {
      throw new Error('dpop-spa/angular: no configuration (provideAuth0, AuthModule.forRoot or AuthClientConfig.set)');
    }
    return new Auth0Client({
      ...config,
      auth0Client: { name: 'dpop-spa/angular', version, env: { 'angular/core': VERSION.full } },
    });
  }
}

export const Auth0ClientService = new InjectionToken<Auth0Client>('dpop-spa Auth0Client');
