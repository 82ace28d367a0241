#!/usr/bin/env bash
# `npm test`: install what is missing, build the release package, run every test —
# native protocol tests, wasm-bindgen-test in headless Chromium, then the release package
# in headless Chromium driven by playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${DPOP_SPA_TOOLS_DIR:-/opt/dpop-spa-tools}/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n=== %s\n' "$*"; }

step "setup";                      bash scripts/setup.sh
step "build (release package)";    bash scripts/build.sh
step "native tests (cargo test)";  cargo test --quiet
step "wasm tests (headless Chromium)"
wasm-pack test --mode no-install --headless --chrome
step "package, end-to-end and demo tests (headless Chromium via playwright-core, oidc-provider, Vite)"
node --test --test-concurrency=1 tests/browser/ tests/e2e/ tests/package/
