// The package as a user gets it: `npm pack` of pkg/, installed from the tarball into fresh
// apps; `tsc --noEmit` on a consumer file; every bundler with no config — `vite build` (Vite 8
// and 7), the Vite dev servers, webpack 5's default config, Rollup with node-resolve only,
// `esbuild --bundle`, and a plain page with an import map (Angular's builder: the Angular app in
// tests/apps/angular) — each served on 127.0.0.1 and run in the browser engine under test,
// checking which wasm it ran: the file beside index.js, or the inline module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../browser/browser.js';
import { poll } from '../support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
let work, tarball, browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'dpop-spa-pkg-'));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, join(root, 'pkg')], { encoding: 'utf8' }).trim().split('\n').pop();
  tarball = join(work, name);
  browser = await launch();
});
after(async () => { await browser?.close(); rmSync(work, { recursive: true, force: true }); });

function app(dir, files) {
  const d = join(work, dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'package.json'), JSON.stringify({ name: dir, private: true, type: 'module' }));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: d, stdio: 'pipe' });
  return d;
}

const pageJs = `import { createAuth0Client, UseDpopNonceError } from 'dpop-spa';
const client = await createAuth0Client({ domain: location.origin, clientId: 'pkg', useDpop: true });
const proof = await client.generateDpopProof({ url: location.href, method: 'GET' });
document.body.dataset.result = JSON.stringify({ parts: proof.split('.').length, jkt: (await client.getDpopThumbprint()).length, errorClass: typeof UseDpopNonceError });`;
const html = (src) => `<!doctype html><html><body><script type="module" src="${src}"></script></body></html>`;

// Serves `dir` on 127.0.0.1; `requests` records each path and the status it got.
function serve(dir) {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const requests = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    let status = 200;
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
    } catch { status = 404; res.writeHead(404).end(); }
    requests.push({ path, status });
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ requests, origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((c) => server.close(c)) })));
}

// A page whose wasm cannot load: the proof call rejects with a coded error.
const failingPageJs = `import { createAuth0Client, GenericError } from 'dpop-spa';
const client = await createAuth0Client({ domain: location.origin, clientId: 'pkg', useDpop: true });
try {
  await client.generateDpopProof({ url: location.href, method: 'GET' });
  document.body.dataset.result = JSON.stringify({ loaded: true });
} catch (e) {
  document.body.dataset.result = JSON.stringify({ code: e.code, generic: e instanceof GenericError, cause: e.cause instanceof Error });
}`;
const OK = { parts: 3, jkt: 43, errorClass: 'function' };

// Runs the app's page in `dir` (or on a running server); returns the server's request log.
// Where the wasm file is left behind, the browser reports its 404 on the console.
async function runs(dir, expected = OK, fallback = false) {
  const srv = typeof dir === 'string' ? await serve(dir) : dir;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${srv.origin}/`);
    await poll(page, () => document.body.dataset.result, undefined, 15000).catch(() => {});
    const result = await page.evaluate(() => document.body.dataset.result);
    const noise = fallback ? /idb_unavailable|wasm|404|Failed to load resource/i : /idb_unavailable|wasm/;
    assert.deepEqual((await page.consoleMessages()).filter((m) => !noise.test(m)), []);
    assert.deepEqual(JSON.parse(result), expected);
    return srv.requests;
  } finally {
    await context.close();
    await srv.close();
  }
}

// Which wasm the page ran: the file (fetched with 200, the inline module never loaded) or
// the inline module (after the file's fetch failed).
const wasmFile = (requests) => requests.filter((r) => r.path.endsWith('.wasm'));
const inlineChunk = (requests) => requests.filter((r) => /wasm-inline/.test(r.path));
function ranFile(requests) {
  assert.ok(wasmFile(requests).some((r) => r.status === 200), JSON.stringify(requests));
  assert.deepEqual(inlineChunk(requests), []);
}
function ranInline(requests, chunk = true) {
  assert.ok(wasmFile(requests).length && wasmFile(requests).every((r) => r.status === 404), JSON.stringify(requests));
  if (chunk) assert.ok(inlineChunk(requests).some((r) => r.status === 200), 'the inline module is a chunk of its own, fetched on fallback');
}

test('Vite 8: vite build with no config works in the browser (the wasm file)', async () => {
  const d = app('vite8-app', { 'index.html': html('/main.js'), 'main.js': pageJs });
  execFileSync(bin('vite'), ['build', '--logLevel', 'error'], { cwd: d, stdio: 'pipe' });
  ranFile(await runs(join(d, 'dist')));
});

test('webpack 5: the default config with mode production works in the browser (the wasm file)', async () => {
  // webpack's default output is a classic script.
  const d = app('webpack-app', { 'index.html': '<!doctype html><html><body><script src="/main.js"></script></body></html>' });
  mkdirSync(join(d, 'src'));
  writeFileSync(join(d, 'src', 'index.js'), pageJs);
  // The webpack CLI's defaults, run from the app's folder (entry ./src, output ./dist).
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => webpack({ mode: 'production', context: d, output: { path: join(d, 'dist') } }, (e, s) => (e ? reject(e) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  cpSync(join(d, 'index.html'), join(d, 'dist', 'index.html'));
  ranFile(await runs(join(d, 'dist')));
});

test('Rollup 4: node-resolve and nothing else works in the browser (the inline wasm chunk)', async () => {
  const d = app('rollup-app', { 'index.html': html('/main.js'), 'main.js': pageJs });
  execFileSync(bin('rollup'), ['main.js', '-p', '@rollup/plugin-node-resolve', '-f', 'es', '-d', 'dist', '--silent'], { cwd: d, stdio: 'pipe', env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
  cpSync(join(d, 'index.html'), join(d, 'dist', 'index.html'));
  ranInline(await runs(join(d, 'dist'), OK, true));
});

test('esbuild: --bundle --format=esm works in the browser (the inline wasm, bundled in)', async () => {
  const d = app('esbuild-app', { 'index.html': html('/main.js'), 'main.js': pageJs });
  execFileSync(bin('esbuild'), ['main.js', '--bundle', '--format=esm', '--outfile=dist/main.js', '--log-level=error'], { cwd: d, stdio: 'pipe' });
  cpSync(join(d, 'index.html'), join(d, 'dist', 'index.html'));
  ranInline(await runs(join(d, 'dist'), OK, true), false);
});

// Starts `vite` (dev) in `d` on a free 127.0.0.1 port, runs the page, stops the server.
async function devServer(d, viteBin, expected, fallback) {
  const port = await new Promise((r) => { const t = createServer().listen(0, '127.0.0.1', () => { const p = t.address().port; t.close(() => r(p)); }); });
  const child = spawn(process.execPath, [viteBin, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: d, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${output}`)), 20000);
      child.stdout.on('data', (b) => { output += b; if (String(b).includes(`${port}`)) { clearTimeout(timer); resolve(); } });
      child.stderr.on('data', (b) => { output += b; });
      child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`vite exited ${c}:\n${output}`)); });
    });
    await runs({ origin: `http://127.0.0.1:${port}`, requests: [], close: async () => {} }, expected, fallback);
  } finally {
    child.kill();
  }
}

test('Vite 8: the dev server with no config works in the browser', async () => {
  const d = app('vite8-dev', { 'index.html': html('/main.js'), 'main.js': pageJs });
  await devServer(d, join(root, 'node_modules/vite/bin/vite.js'));
});

test('Vite 7: the dev server with the one line of config the README gives works in the browser', async () => {
  const d = app('vite7-dev', {
    'index.html': html('/main.js'),
    'main.js': pageJs,
    'vite.config.js': "export default { optimizeDeps: { exclude: ['dpop-spa'] } };\n",
  });
  await devServer(d, join(root, 'node_modules/vite7/bin/vite.js'));
});

test('Vite 7: the dev server with no config works too (it answers the wasm with HTML; the inline module takes over)', async () => {
  const d = app('vite7-dev-noconfig', { 'index.html': html('/main.js'), 'main.js': pageJs });
  await devServer(d, join(root, 'node_modules/vite7/bin/vite.js'), OK, true);
});

test('a page without WebAssembly: both ways fail, and the SDK says so with wasm_unavailable', async () => {
  const d = app('no-wasm', {
    'index.html': '<!doctype html><script type="importmap">{"imports":{"dpop-spa":"/node_modules/dpop-spa/index.js"}}</script><script>delete window.WebAssembly;</script>' + html('/main.js'),
    'main.js': failingPageJs,
  });
  await runs(d, { code: 'wasm_unavailable', generic: true, cause: true });
});

test('Vite 7: vite build with no config works in the browser', async () => {
  const d = app('vite7-app', { 'index.html': html('/main.js'), 'main.js': pageJs });
  execFileSync('node', [join(root, 'node_modules/vite7/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: d, stdio: 'pipe' });
  ranFile(await runs(join(d, 'dist')));
});

test('no bundler: a plain <script type="module"> page', async () => {
  const d = app('plain-page', {
    'index.html': '<!doctype html><script type="importmap">{"imports":{"dpop-spa":"/node_modules/dpop-spa/index.js"}}</script>' + html('/main.js'),
    'main.js': pageJs,
  });
  await runs(d);
});
