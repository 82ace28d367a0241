import { createApp } from 'vue';
import { createAuth0 } from 'dpop-spa/vue';
import App from './App.vue';
import { router } from './router';

const { domain, clientId, audience } = globalThis.testConfig;

createApp(App)
  // The router first: the plugin routes to appState.target after the login callback.
  .use(router)
  .use(createAuth0({
    domain,
    clientId,
    useDpop: true,
    cacheLocation: 'localstorage',
    authorizationParams: { redirect_uri: window.location.origin, audience },
  }, {
    // Another library's callback (auth0-vue's README example): the plugin leaves it alone.
    skipRedirectCallback: window.location.pathname === '/other-callback',
    errorPath: '/error',
  }))
  .mount('#app');
