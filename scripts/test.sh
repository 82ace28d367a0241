#!/usr/bin/env bash
# `npm test`: install what is missing, build the release package, run every test — native
# protocol tests, wasm-bindgen-test in headless Chromium and Firefox, the static package
# checks once, then the browser, end-to-end and package-page tests in each browser engine
# (Chromium via playwright-core, Firefox ESR via puppeteer-core/WebDriver BiDi, WebKitGTK via
# selenium-webdriver), through one adapter (tests/engines.js).
#
#   npm test                          all three engines
#   npm test -- --browser firefox     one (or DPOP_SPA_BROWSERS="chromium webkit")
#
# A test an engine cannot run is a named skip on the list in tests/support.js; the skips are
# counted per engine, and any other skip fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${DPOP_SPA_TOOLS_DIR:-/opt/dpop-spa-tools}/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n=== %s\n' "$*"; }

engines=${DPOP_SPA_BROWSERS:-chromium firefox webkit}
while [ $# -gt 0 ]; do
  case "$1" in
    --browser) engines="$2"; shift 2;;
    --browser=*) engines="${1#--browser=}"; shift;;
    *) echo "[test] unknown argument $1 (use --browser chromium|firefox|webkit)" >&2; exit 2;;
  esac
done
for e in $engines; do
  case "$e" in chromium|firefox|webkit) ;; *) echo "[test] unknown browser $e" >&2; exit 2;; esac
done

step "setup";                      bash scripts/setup.sh --fuzz
step "build (release package)";    bash scripts/build.sh
step "native tests (cargo test)";  cargo test --quiet
step "fuzz smoke (every target, 10 s each)"; FUZZ_SECONDS=${FUZZ_SECONDS:-10} bash scripts/fuzz.sh
for e in $engines; do
  case "$e" in
    chromium) step "wasm tests (headless Chromium)"; wasm-pack test --mode no-install --headless --chrome;;
    firefox)  step "wasm tests (headless Firefox ESR)"; wasm-pack test --mode no-install --headless --firefox;;
  esac
done
step "static package checks and lints (once)"
node --test --test-concurrency=1 tests/package/static.test.js tests/package/names*.test.js

mkdir -p target
summary=()
for e in $engines; do
  step "browser, end-to-end and package-page tests in $e"
  log="target/test-$e.tap"
  set +e
  DPOP_SPA_BROWSER="$e" node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=tap \
    tests/engines.test.js tests/browser/*.test.js tests/e2e/*.test.js $(ls tests/frameworks/*.test.js 2>/dev/null) tests/package/package.test.js | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  known=$(grep -c '# SKIP \[known-skip ' "$log" || true)
  unknown=$(grep -E '# (SKIP|TODO)' "$log" | grep -vc '# SKIP \[known-skip ' || true)
  summary+=("$e: exit $rc, $known known skip(s), $unknown unlisted skip(s)")
  if [ "$rc" -ne 0 ] || [ "$unknown" -ne 0 ]; then
    printf '\n[test] %s\n' "${summary[@]}"
    echo "[test] $e failed (or skipped a test that is not on the list in tests/support.js)" >&2
    exit 1
  fi
done
printf '\n[test] %s\n' "${summary[@]}"
