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

test('TypeScript: the consumer file type-checks against the installed package', () => {
  const d = app('ts-consumer');
  cpSync(join(root, 'tests/package/consumer.ts'), join(d, 'consumer.ts'));
  execFileSync(bin('tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom,dom.iterable', 'consumer.ts'], { cwd: d, stdio: 'pipe' });
});

