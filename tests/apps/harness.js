// The apps under tests/apps/<name>/ are real consumer projects with their own package.json and
// lockfile. This installs one from its lockfile (only when the lockfile changed), installs the
// packed package into it (only when pkg/ changed), builds it once per package (the three engine
// runs share the build) and serves the build on 127.0.0.1 with the test's configuration
// injected into index.html as `globalThis.testConfig`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

function hashFiles(dir, skip = () => false) {
  const h = createHash('sha256');
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const f = join(d, name);
      if (skip(relative(dir, f))) continue;
      if (statSync(f).isDirectory()) walk(f);
      else h.update(relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

// `npm pack` of pkg/, once per content of pkg/: target/packed/dpop-spa-<hash>.tgz.
export function packed() {
  const hash = hashFiles(join(root, 'pkg'));
  const dir = join(root, 'target', 'packed', hash);
  const marker = join(dir, 'tarball');
  if (existsSync(marker)) return readFileSync(marker, 'utf8');
  mkdirSync(dir, { recursive: true });
  const name = npm(['pack', '--silent', '--pack-destination', dir, join(root, 'pkg')], root).trim().split('\n').pop();
  writeFileSync(marker, join(dir, name));
  return join(dir, name);
}

// Installs tests/apps/<name> and the packed package into it; returns the app's folder.
export function installApp(name) {
  const dir = join(root, 'tests', 'apps', name);
  const nm = join(dir, 'node_modules');
  const lockHash = createHash('sha256').update(readFileSync(join(dir, 'package-lock.json'))).digest('hex');
  const lockMarker = join(nm, '.dpop-spa-lock');
  if (!existsSync(lockMarker) || readFileSync(lockMarker, 'utf8') !== lockHash) {
    npm(['ci', '--prefer-offline'], dir);
    writeFileSync(lockMarker, lockHash);
  }
  const tarball = packed();
  const pkgMarker = join(nm, '.dpop-spa-tarball');
  if (!existsSync(pkgMarker) || readFileSync(pkgMarker, 'utf8') !== tarball) {
    npm(['install', '--no-save', '--offline', tarball], dir);
    writeFileSync(pkgMarker, tarball);
  }
  return dir;
}

// Runs `npm run <script>` in the app once per (tarball, app sources); returns `out`'s path.
export function buildApp(name, script = 'build', out = 'dist') {
  const dir = installApp(name);
  const key = `${readFileSync(join(dir, 'node_modules', '.dpop-spa-tarball'), 'utf8')}:${hashFiles(dir, (p) => /^(node_modules|dist|\.angular)(\/|$)/.test(p))}`;
  const marker = join(dir, out, '.dpop-spa-build');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== key) {
    npm(['run', script], dir);
    writeFileSync(marker, key);
  }
  return join(dir, out);
}

// Serves the static build in `dir` on 127.0.0.1; unknown paths without an extension get
// index.html (client-side routes), with the returned object's `config` (set it once the
// servers it names are up) injected as globalThis.testConfig.
export function serveApp(dir) {
  const app = { config: {} };
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.html': 'text/html', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };
  const index = () => readFileSync(join(dir, 'index.html'), 'utf8')
    .replace('<head>', `<head><script>globalThis.testConfig = ${JSON.stringify(app.config).replace(/</g, '\\u003c')};</script>`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path));
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      if (path === '/' || path.endsWith('/index.html') || (!extname(path) && !existsSync(file))) {
        res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(index());
        return;
      }
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
    } catch { if (!res.headersSent) res.writeHead(404).end(); }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(Object.assign(app, {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((c) => { server.closeAllConnections?.(); server.close(c); }),
  }))));
}
