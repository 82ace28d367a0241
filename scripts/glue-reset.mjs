// Adds `__wbg_reset()` to wasm-bindgen's --target web glue: it forgets the instance and
// returns the compiled module, so that `initSync({ module })` can instantiate it again. js/engine.js uses it
// to replace an instance poisoned by a throwing import or a trap. Also drops two dead branches
// (below). Each edit checks its pattern and fails the build when the glue changed.
//
// usage: node scripts/glue-reset.mjs <dir with dpop_spa.js>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const path = join(process.argv[2], 'dpop_spa.js');
let glue = readFileSync(path, 'utf8');
const fail = (why) => { console.error(`[build] glue-reset: ${why}`); process.exit(1); };
if (!/^let wasmModule, wasmInstance, wasm;$/m.test(glue)) fail('the glue does not declare `wasmModule, wasmInstance, wasm`');
if (!/^ {4}wasmModule = module;$/m.test(glue)) fail('the glue does not keep the compiled module');
if (!/if \(wasm !== undefined\) return wasm;/.test(glue)) fail('initSync no longer checks for an instance');
// Two branches no caller of ours takes, which every app would download: initSync's warning for
// the deprecated positional parameter (js/engine.js always passes { module }), and the
// TextEncoder.encodeInto polyfill (every browser with WebAssembly and WebCrypto has it).
const deprecated = /    if \(module !== undefined\) \{\n        if \(Object\.getPrototypeOf\(module\) === Object\.prototype\) \{\n            \(\{module\} = module\)\n        \} else \{\n            console\.warn\('using deprecated parameters for `initSync\(\)`; pass a single object instead'\)\n        \}\n    \}\n/;
if (!deprecated.test(glue)) fail("initSync's parameter handling changed");
glue = glue.replace(deprecated, '    ({ module } = module);\n');
const polyfill = /if \(!\('encodeInto' in cachedTextEncoder\)\) \{\n    cachedTextEncoder\.encodeInto = function \(arg, view\) \{\n[^]*?\n    \};\n\}\n/;
if (!polyfill.test(glue)) fail('the encodeInto polyfill changed');
glue = glue.replace(polyfill, '');
glue += '\nexport function __wbg_reset() { const m = wasmModule; wasm = wasmInstance = undefined; return m; }\n';
writeFileSync(path, glue);
