// The demo uses the package built into ../pkg (npm run build), imported as 'dpop-spa'.
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('../pkg', import.meta.url));

export default {
  resolve: { alias: { 'dpop-spa': `${pkg}/index.js` } },
  server: { host: '127.0.0.1', fs: { allow: [fileURLToPath(new URL('.', import.meta.url)), pkg] } },
  build: { target: 'es2022' },
};
