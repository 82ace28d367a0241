// The package as a user gets it: `npm pack` of pkg/, installed from the tarball into fresh
// apps; `tsc --noEmit` on a consumer file; `vite build` with no config (Vite 8 and Vite 7),
// the dev servers (Vite 8 with no config, Vite 7 with the README's `optimizeDeps.exclude`)
// and a plain <script type="module"> page with no bundler, each served on 127.0.0.1 and run
// in headless Chromium.
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

function serve(dir) {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((c) => server.close(c)) })));
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

async function runs(dir, expected = OK) {
  const srv = typeof dir === 'string' ? await serve(dir) : dir;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${srv.origin}/`);
    await poll(page, () => document.body.dataset.result, undefined, 15000).catch(() => {});
    const result = await page.evaluate(() => document.body.dataset.result);
    assert.deepEqual((await page.consoleMessages()).filter((m) => !/idb_unavailable|wasm/.test(m)), []);
    assert.deepEqual(JSON.parse(result), expected);
  } finally {
    await context.close();
    await srv.close();
  }
}

test('Vite 8: vite build with no config works in the browser', async () => {
  const d = app('vite8-app', { 'index.html': html('/main.js'), 'main.js': pageJs });
  execFileSync(bin('vite'), ['build', '--logLevel', 'error'], { cwd: d, stdio: 'pipe' });
  await runs(join(d, 'dist'));
});

// Starts `vite` (dev) in `d` on a free 127.0.0.1 port, runs the page, stops the server.
async function devServer(d, viteBin, expected) {
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
    await runs({ origin: `http://127.0.0.1:${port}`, close: async () => {} }, expected);
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

test('Vite 7: the dev server without that config serves HTML for the wasm, and the SDK says so with wasm_unavailable', async () => {
  const d = app('vite7-dev-noconfig', { 'index.html': html('/main.js'), 'main.js': failingPageJs });
  await devServer(d, join(root, 'node_modules/vite7/bin/vite.js'), { code: 'wasm_unavailable', generic: true, cause: true });
});

test('Vite 7: vite build with no config works in the browser', async () => {
  const d = app('vite7-app', { 'index.html': html('/main.js'), 'main.js': pageJs });
  execFileSync('node', [join(root, 'node_modules/vite7/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: d, stdio: 'pipe' });
  await runs(join(d, 'dist'));
});

test('no bundler: a plain <script type="module"> page', async () => {
  const d = app('plain-page', {
    'index.html': '<!doctype html><script type="importmap">{"imports":{"dpop-spa":"/node_modules/dpop-spa/index.js"}}</script>' + html('/main.js'),
    'main.js': pageJs,
  });
  await runs(d);
});
