// The package's static checks, run once (not per browser engine): the packed tarball's
// contents and package.json, and a consumer file type-checked with `tsc --noEmit`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
let work, tarball;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'dpop-spa-static-'));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, join(root, 'pkg')], { encoding: 'utf8' }).trim().split('\n').pop();
  tarball = join(work, name);
});
after(() => rmSync(work, { recursive: true, force: true }));

function app(dir) {
  const d = join(work, dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'package.json'), JSON.stringify({ name: dir, private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: d, stdio: 'pipe' });
  return d;
}

test('package.json is complete', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'pkg', 'package.json'), 'utf8'));
  for (const k of ['name', 'version', 'type', 'exports', 'sideEffects', 'files', 'license', 'repository', 'types']) assert.ok(k in pkg, k);
  assert.equal(pkg.name, 'dpop-spa');
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' });
  for (const f of ['index.js', 'index.d.ts', 'dpop_spa_bg.wasm']) assert.match(listed, new RegExp(`package/${f.replace('.', '\\.')}`));
});

// What a user receives: the core, its lazy flow modules and the inline wasm, each wrapper
// with its types, README, LICENSE, CHANGELOG — and nothing else (no sources, maps or tests).
test('the tarball holds exactly the package files, and every export target is in it', () => {
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  const core = ['index.js', 'index.d.ts', 'dpop_spa_bg.wasm', 'wasm-inline.js', 'redirect.js', 'iframe.js', 'popup.js', 'revoke.js', 'worker.js', 'token-worker.js'];
  const wrappers = ['react.js', 'react.d.ts', 'vue.js', 'vue.d.ts', 'angular/fesm2022/dpop-spa-angular.mjs', 'angular/index.d.ts'];
  const docs = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
  for (const f of [...core, ...wrappers, ...docs]) assert.ok(files.includes(f), `${f} is in the tarball`);
  // Angular's declarations may be split over several .d.ts files; nothing else is allowed.
  const extra = files.filter((f) => ![...core, ...wrappers, ...docs].includes(f));
  assert.deepEqual(extra.filter((f) => !/^angular\/.+\.d\.ts$/.test(f)), [], 'no stray files');
  assert.ok(!files.some((f) => /\.(map|ts|tsx|rs)$/.test(f) && !f.endsWith('.d.ts')), 'no sources or source maps');
  assert.ok(!files.some((f) => /(^|\/)(tests?|__tests__|src)\//.test(f)), 'no tests or sources');
  const pkg = JSON.parse(readFileSync(join(root, 'pkg', 'package.json'), 'utf8'));
  const targets = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
  for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, '')), `export target ${t} is in the tarball`);
  assert.match(readFileSync(join(root, 'pkg', 'LICENSE'), 'utf8'), /^MIT License/);
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync(join(root, 'pkg', 'CHANGELOG.md'), 'utf8'), new RegExp(`## \\[${pkg.version.replace(/\./g, '\\.')}\\]`));
  for (const peer of Object.keys(pkg.peerDependencies)) assert.equal(pkg.peerDependenciesMeta[peer]?.optional, true, `${peer} is an optional peer`);
});

test('TypeScript: the consumer file type-checks against the installed package', () => {
  const d = app('ts-consumer');
  cpSync(join(root, 'tests/package/consumer.ts'), join(d, 'consumer.ts'));
  execFileSync(bin('tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom,dom.iterable', 'consumer.ts'], { cwd: d, stdio: 'pipe' });
});

