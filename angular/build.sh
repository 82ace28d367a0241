#!/usr/bin/env bash
# dpop-spa/angular: the Angular library (angular/src) compiled by ng-packagr in partial
# compilation mode, so the app's Angular linker finishes @Injectable/@NgModule for its own
# Angular version; then pkg/angular/fesm2022/dpop-spa-angular.mjs and pkg/angular/index.d.ts
# (the paths js/package.json exports as "./angular"). The core is imported as 'dpop-spa', so
# the app's bundler resolves it to the same module the app imports (one Auth0Client class,
# instanceof holds). Run by scripts/build.sh once pkg/index.js exists.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/ng-angular
log=target/ng-angular.log
mkdir -p target
# No incremental cache (ng-packagr keeps one outside CI): a stale one let a type error pass
# locally that a fresh clone reports.
rm -rf node_modules/.cache/ng-packagr
node_modules/.bin/ng-packagr -p angular/ng-package.json -c angular/tsconfig.lib.json > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -rf pkg/angular
node angular/finish.mjs "$out" pkg/angular
printf '[build] %-22s %7d B raw %7d B gzip -9\n' angular "$(wc -c < pkg/angular/fesm2022/dpop-spa-angular.mjs)" "$(gzip -9c pkg/angular/fesm2022/dpop-spa-angular.mjs | wc -c)"
