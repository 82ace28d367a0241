// `npm run demo`: the local DPoP authorization server (oidc-provider, nonces required), a DPoP
// resource server and the Vite app in www/, all on 127.0.0.1. With www/.env naming an Auth0
// tenant (VITE_AUTH0_DOMAIN …), only the app is served, wired to that tenant.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer as createVite } from 'vite';
import { startAuthServer } from './auth-server.js';
import { startResourceServer } from './resource-server.js';

const www = fileURLToPath(new URL('../www', import.meta.url));

function tenantConfigured() {
  const file = `${www}/.env`;
  return !!process.env.VITE_AUTH0_DOMAIN || (existsSync(file) && /^VITE_AUTH0_DOMAIN=\S/m.test(readFileSync(file, 'utf8')));
}

export async function startDemo({ appPort = 5173, asPort = 4000, rsPort = 4001 } = {}) {
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const servers = [];
  if (!tenantConfigured()) {
    const rs = await startResourceServer({ allowOrigin: appOrigin, port: rsPort });
    servers.push(rs);
    const as = await startAuthServer({ redirectUris: [`${appOrigin}/`], audience: rs.audience, port: asPort, interactive: true });
    servers.push(as);
    rs.trust(as);
    // Vite exposes VITE_* variables from the environment to the app.
    Object.assign(process.env, {
      VITE_AUTH0_DOMAIN: as.origin, VITE_AUTH0_CLIENT_ID: 'spa',
      VITE_AUTH0_AUDIENCE: rs.audience, VITE_API_URL: `${rs.origin}/api/data`,
    });
  }
  const vite = await createVite({
    root: www, configFile: `${www}/vite.config.js`, logLevel: 'warn',
    server: { port: appPort, strictPort: true, host: '127.0.0.1' },
  });
  await vite.listen();
  return {
    url: `${appOrigin}/`,
    local: servers.length > 0,
    close: async () => { await vite.close(); await Promise.all(servers.map((s) => s.close())); },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = (name, d) => Number(process.env[name] || d);
  const demo = await startDemo({ appPort: port('DEMO_PORT', 5173), asPort: port('DEMO_AS_PORT', 4000), rsPort: port('DEMO_API_PORT', 4001) });
  console.log(`\n  dpop-spa demo: open ${demo.url}\n`);
  console.log(demo.local
    ? '  Local authorization server http://127.0.0.1:4000 (oidc-provider, DPoP nonces required)\n  Local API http://127.0.0.1:4001/api/data\n'
    : '  Using the Auth0 tenant from www/.env\n');
  console.log('  Ctrl-C stops everything.');
  const stop = async () => { await demo.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
