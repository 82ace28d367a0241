#!/usr/bin/env bash
# Installs everything `npm test`, `npm run build` and `npm run demo` need, from package
# registries only (crates.io, npm, Debian, rustup dist). Idempotent: each step checks the
# exact version already present and skips it, so a warm run takes about a second.
#
# Why each pin: wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock; binaryen must
# be 132 from npm because Debian's binaryen 108 silently corrupts wasm-bindgen 0.2.130 output.
# Firefox ESR, WebKitGTK's WebKitWebDriver + MiniBrowser and Xvfb come from Debian for the
# cross-engine tests (tests/engines.js, DPOP_SPA_BROWSER=firefox|webkit); geckodriver comes from
# crates.io (the npm package downloads a binary) for `wasm-pack test --firefox`.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
CARGO_FUZZ_VERSION=0.13.2
GECKODRIVER_VERSION=0.37.1
BINARYEN_VERSION=132.0.0
TOOLS_DIR=${DPOP_SPA_TOOLS_DIR:-/opt/dpop-spa-tools}
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "[setup] wasm-bindgen not in Cargo.lock" >&2; exit 1; }

log() { printf '[setup] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
version_of() { have "$1" && "$1" --version 2>/dev/null | awk '{print $2; exit}' || true; }
export PATH="$HOME/.cargo/bin:$PATH"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

missing=()
for p in chromium chromium-driver firefox-esr webkit2gtk-driver xvfb; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$(version_of wasm-pack)" != "$WASM_PACK_VERSION" ]; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi
if [ "$(version_of wasm-bindgen)" != "$WASM_BINDGEN_VERSION" ] || [ "$(version_of wasm-bindgen-test-runner)" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked fails for 0.2.130 (a locked webpki-roots is not in the registry): fall back.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# cargo-fuzz for the fuzz targets (`npm test`'s smoke, `npm run fuzz`), not for the demo.
if [ "${1:-}" = --fuzz ] && [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi

if [ "$(version_of geckodriver)" != "$GECKODRIVER_VERSION" ]; then
  log "cargo install geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
fi

bin="$TOOLS_DIR/binaryen/node_modules/.bin"
if ! "$bin/wasm-opt" --version 2>/dev/null | grep -q "^wasm-opt version ${BINARYEN_VERSION%%.*}"; then
  log "npm install binaryen@$BINARYEN_VERSION into $TOOLS_DIR/binaryen"
  mkdir -p "$TOOLS_DIR/binaryen"
  [ -f "$TOOLS_DIR/binaryen/package.json" ] || echo '{"private":true}' > "$TOOLS_DIR/binaryen/package.json"
  npm install --prefix "$TOOLS_DIR/binaryen" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
fi
# wasm-pack runs the first wasm-opt on PATH; the build scripts put $bin first, and this link
# covers shells that do not.
[ "$(readlink -f /usr/local/bin/wasm-opt 2>/dev/null)" = "$(readlink -f "$bin/wasm-opt")" ] || ln -sf "$bin/wasm-opt" /usr/local/bin/wasm-opt

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi
log "ok: $(rustc --version | awk '{print $2}'), wasm-pack $(version_of wasm-pack), wasm-bindgen $WASM_BINDGEN_VERSION, $(wasm-opt --version), chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), firefox-esr $(/usr/bin/firefox-esr --version 2>/dev/null | awk '{print $3}'), geckodriver $(version_of geckodriver), webkit2gtk-driver $(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null)"
