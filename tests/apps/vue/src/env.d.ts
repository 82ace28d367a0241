/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// Written into index.html by whoever serves the app (the tests: the servers' random ports).
interface TestConfig {
  domain: string;
  clientId: string;
  audience: string;
  /** The DPoP resource server's origin. */
  api: string;
}
declare var testConfig: TestConfig;
