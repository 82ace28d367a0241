import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `--mode official` builds the same source with @auth0/auth0-react in place of dpop-spa/react
// (the control run that shows the tests' checks are right), into a folder the test harness
// neither hashes nor serves by default.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  ...(mode === 'official' && {
    resolve: { alias: { 'dpop-spa/react': '@auth0/auth0-react' } },
    build: { outDir: 'node_modules/.official/dist', emptyOutDir: true },
  }),
}));
