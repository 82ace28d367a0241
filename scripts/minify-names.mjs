// Shortens the wasm's import, export and module names with binaryen's
// --minify-imports-and-exports-and-modules (as emscripten does) and rewrites wasm-bindgen's
// glue to match. Each of the ~30 imports is named `__wbg_<name>_<16 hex digits>`, written
// once in the wasm and once in the JS; random hex does not compress, so this saves about
// 1.4 KB gzip. Fails the build if the glue does not match the wasm exactly afterwards.
//
// usage: node scripts/minify-names.mjs <dir with dpop_spa_bg.wasm and dpop_spa.js>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const wasmPath = join(dir, 'dpop_spa_bg.wasm');
const gluePath = join(dir, 'dpop_spa.js');
const fail = (why) => { console.error(`[build] minify-names: ${why}`); process.exit(1); };

const before = new WebAssembly.Module(readFileSync(wasmPath));
const modules = [...new Set(WebAssembly.Module.imports(before).map((i) => i.module))];
if (modules.length !== 1) fail(`expected one import module, found ${modules.join(', ')}`);

const printed = execFileSync('wasm-opt', [wasmPath, '--minify-imports-and-exports-and-modules',
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '-o', wasmPath], { encoding: 'utf8' });
const map = JSON.parse(printed.slice(printed.indexOf('{')));

const after = new WebAssembly.Module(readFileSync(wasmPath));
const imports = WebAssembly.Module.imports(after);
const newModule = imports[0].module;
if (imports.some((i) => i.module !== newModule)) fail('the minified wasm has several import modules');

const escape = (s) => s.replace(/[$]/g, '\\$');
let glue = readFileSync(gluePath, 'utf8');
// Import object keys: `        __wbg_name_hash: function(` — each exactly once.
for (const [, name, short] of map.imports) {
  const re = new RegExp(`(\\n\\s+)${escape(name)}(: function)`, 'g');
  const n = glue.match(re)?.length ?? 0;
  if (n !== 1) fail(`import ${name} appears ${n} times in the glue`);
  glue = glue.replace(re, `$1${short}$2`);
}
// Export uses: `wasm.name`.
for (const [name, short] of map.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g'), `wasm.${short}`);
}
const moduleKey = `"${modules[0]}": import0`;
if (!glue.includes(moduleKey)) fail(`no ${moduleKey} in the glue`);
glue = glue.replace(moduleKey, `${JSON.stringify(newModule)}: import0`);

// The glue must now provide exactly the wasm's imports and use only its exports.
const keys = new Set([...glue.matchAll(/\n {8}([\w$]+): function/g)].map((m) => m[1]));
const wanted = new Set(imports.map((i) => i.name));
if (keys.size !== wanted.size || [...wanted].some((k) => !keys.has(k))) fail('the glue\'s import keys do not match the wasm\'s imports');
const exported = new Set(WebAssembly.Module.exports(after).map((e) => e.name));
for (const [, used] of glue.matchAll(/\bwasm\.([\w$]+)/g)) if (!exported.has(used)) fail(`the glue uses wasm.${used}, which the wasm does not export`);
writeFileSync(gluePath, glue);
