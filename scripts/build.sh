#!/usr/bin/env bash
# `npm run build`: the complete npm package in pkg/ — release wasm (opt-level z, LTO,
# wasm-opt -Oz from binaryen 132), wasm-bindgen's --target web glue, the JS facade, its
# TypeScript declarations and package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${DPOP_SPA_TOOLS_DIR:-/opt/dpop-spa-tools}/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
case "$(wasm-opt --version 2>/dev/null)" in
  "wasm-opt version 132"*) ;;
  *) echo "[build] wasm-opt on PATH is not binaryen 132: run scripts/setup.sh" >&2; exit 1;;
esac
rm -rf pkg
wasm-pack --quiet build --mode no-install --release --target web --no-pack --out-dir pkg --out-name dpop_spa
rm -f pkg/.gitignore
cp js/*.js js/index.d.ts pkg/
cp js/package.json pkg/package.json
cp README.md pkg/README.md
[ -f LICENSE ] && cp LICENSE pkg/
ls -l pkg | awk 'NR>1 {print "[build] " $5 "\t" $9}'
