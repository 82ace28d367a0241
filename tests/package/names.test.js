// A lint for the hand-written facade: TypeScript's checker over js/*.js, failing on names
// that are not defined (TS2304 / TS2552) — the class of bug a missed `const` leaves behind
// on a path few tests reach. Other type findings in the untyped JS are not this test's job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('js/*.js: every name used is defined', () => {
  const files = readdirSync(join(root, 'js')).filter((f) => f.endsWith('.js')).map((f) => join('js', f));
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--allowJs', '--checkJs',
    '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom,dom.iterable', ...files],
  { cwd: root, encoding: 'utf8' });
  assert.ok(/error TS/.test(r.stdout) || r.status === 0, `tsc did not run: ${r.stderr}`);
  const undefinedNames = r.stdout.split('\n').filter((l) => /error TS(2304|2552):/.test(l));
  assert.deepEqual(undefinedNames, []);
});

test('js/version.js (the default telemetry) is the package version', async () => {
  const { VERSION } = await import(join(root, 'js/version.js'));
  const { version } = JSON.parse(readFileSync(join(root, 'js/package.json'), 'utf8'));
  assert.equal(VERSION, version);
});
