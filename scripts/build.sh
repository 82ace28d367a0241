#!/usr/bin/env bash
# `npm run build`: the complete npm package in pkg/ — release wasm (opt-level z, LTO,
# wasm-opt -Oz from binaryen 132, short import/export names), wasm-bindgen's --target web glue and the JS facade bundled
# and minified into one ES module (index.js), its TypeScript declarations and package.json.
# The wasm stays beside index.js, found with new URL('dpop_spa_bg.wasm', import.meta.url).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${DPOP_SPA_TOOLS_DIR:-/opt/dpop-spa-tools}/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
case "$(wasm-opt --version 2>/dev/null)" in
  "wasm-opt version 132"*) ;;
  *) echo "[build] wasm-opt on PATH is not binaryen 132: run scripts/setup.sh" >&2; exit 1;;
esac
stage=target/pkg-stage
rm -rf "$stage" pkg
# Without the std feature: no_std + alloc, a trapping panic handler, no panic formatting.
wasm-pack --quiet build --mode no-install --release --target web --no-pack --out-dir "$stage" --out-name dpop_spa -- --no-default-features
# Short import/export names in the wasm and the glue (see the script).
node scripts/minify-names.mjs "$stage"
# The glue refuses a second init; the engine replaces a poisoned instance (js/engine.js guard).
node scripts/glue-reset.mjs "$stage"
cp js/*.js "$stage/"
mkdir -p pkg
# index.js: the core every page loads. Each flow a configuration may never run is a module
# of its own, loaded by import() on first use; it imports the public classes from
# './index.js' (the same module instance, so instanceof holds).
lazy=(redirect iframe popup revoke worker)
# Private members (`_name`) get short names, the same in every module (one mangle cache);
# `_engine` stays readable for the tests that reach the engine.
echo '{}' > target/mangle.json
esb() { node_modules/.bin/esbuild "$@" --bundle --format=esm --minify --target=es2022 --legal-comments=none --log-level=warning \
  --mangle-props='^_[a-zA-Z]' --reserve-props='^_engine$' --mangle-cache=target/mangle.json; }
esb "$stage/index.js" $(printf -- "--external:./%s.js " "${lazy[@]}" wasm-inline) --outfile=pkg/index.js
for m in "${lazy[@]}"; do
  esb "$stage/$m.js" --external:./index.js --outfile="pkg/$m.js"
done
# The token worker as a file of its own, for the workerUrl option.
esb "$stage/worker-entry.js" --format=iife --outfile=pkg/token-worker.js
cp "$stage/dpop_spa_bg.wasm" pkg/
# The same wasm as base64 in a module, the fallback for bundlers that do not copy the file.
node -e 'const fs = require("fs"); const b = fs.readFileSync(process.argv[1]).toString("base64");
fs.writeFileSync(process.argv[2], "// dpop_spa_bg.wasm, for bundlers that do not copy it (js/engine.js loadWasm).\nexport const bytes = () => Uint8Array.from(atob(\"" + b + "\"), (c) => c.charCodeAt(0));\n");' "$stage/dpop_spa_bg.wasm" pkg/wasm-inline.js
cp js/index.d.ts pkg/index.d.ts
cp js/package.json pkg/package.json
cp README.md pkg/README.md
cp LICENSE CHANGELOG.md pkg/
# The framework wrappers (dpop-spa/react, dpop-spa/vue): modules of their own that import the
# core from './index.js' and the framework by name; an app that uses none never loads them.
for m in react vue; do
  [ -f "js/$m.js" ] || continue
  esb "$stage/$m.js" --external:./index.js --external:react --external:vue --external:vue-router --outfile="pkg/$m.js"
  cp "js/$m.d.ts" "pkg/$m.d.ts"
done
# dpop-spa/angular: an Angular library in partial compilation (ng-packagr), in pkg/angular/.
if [ -f angular/build.sh ]; then bash angular/build.sh; fi
grep -q "import.meta.url" pkg/*.js || { echo "[build] the bundle lost new URL(..., import.meta.url)" >&2; exit 1; }
for f in pkg/*.js pkg/dpop_spa_bg.wasm; do
  printf '[build] %-22s %7d B raw %7d B gzip -9\n' "$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
