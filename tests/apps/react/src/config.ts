// The app's settings: injected into index.html by the test server (ports are random), the way
// a deployed app would get them from its environment.
export interface AppConfig {
  domain: string;
  clientId: string;
  audience: string;
  /** The DPoP-protected API. */
  api: string;
}

declare global {
  // eslint-disable-next-line no-var
  var testConfig: AppConfig;
}

export const config: AppConfig = globalThis.testConfig;
