import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Nothing for dpop-spa here: the package needs no bundler configuration. `--mode official`
// builds the same source with Auth0's @auth0/auth0-vue instead (the tests run both builds
// through the same checks).
export default defineConfig(({ mode }) => ({
  plugins: [vue()],
  resolve: { alias: mode === 'official' ? { 'dpop-spa/vue': '@auth0/auth0-vue' } : {} },
}));
