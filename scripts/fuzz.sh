#!/usr/bin/env bash
# `npm run fuzz`: every fuzz target in fuzz/ (one per parser, builder and check of src/core,
# each asserting a property; fuzz/README.md) for FUZZ_SECONDS each, FUZZ_JOBS at a time, on
# the stable toolchain (`cargo fuzz run -s none`: no sanitizer, debug assertions and overflow
# checks on). Each run reads the committed corpus fuzz/corpus/<target> and seeds made from
# tests/vectors, and writes what it finds to target/fuzz-new/<target>, so a run never
# changes the work tree. Writes the stats table to target/fuzz-stats.md and prints it; exits
# non-zero on any crash (the input is in fuzz/artifacts/<target>/).
#
#   npm run fuzz                          600 s per target, 2 at a time
#   FUZZ_SECONDS=10 npm run fuzz          the CI smoke
#   FUZZ_TARGETS="htu challenge" ...      some targets only
#   bash scripts/fuzz.sh cmin             merge what runs found (and the seeds) into the
#                                         committed corpora, minimized with `cargo fuzz cmin`
#                                         (npm run fuzz -- cmin)
#
# Other work shares the two cores: run a long campaign as `nice -n 15 npm run fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

mode=${1:-run}
seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-2}
flags=(-s none -a)
case "$mode" in run|cmin) ;; *) echo "[fuzz] unknown mode $mode (run or cmin)" >&2; exit 2;; esac
command -v cargo-fuzz >/dev/null || { echo "[fuzz] cargo-fuzz is missing: run scripts/setup.sh" >&2; exit 1; }

targets=${FUZZ_TARGETS:-$(cargo fuzz list)}
seeds=target/fuzz-seeds
new=target/fuzz-new
logs=target/fuzz-logs
mkdir -p "$logs" "$new"
node fuzz/seed.mjs "$seeds"

stat() { awk -v k="stat::$2:" '$1 == k { v = $2 } END { print v }' "$logs/$1.log"; }
files() { { find "$@" -type f 2>/dev/null || true; } | wc -l; }
bytes() { { find "$@" -type f -printf "%s\n" 2>/dev/null || true; } | awk '{ n += $1 } END { print n + 0 }'; }

start=$(date +%s)
cargo fuzz build "${flags[@]}" > "$logs/build.log" 2>&1 || { tail -40 "$logs/build.log"; echo "[fuzz] build failed" >&2; exit 1; }
echo "[fuzz] built in $(( $(date +%s) - start )) s"

if [ "$mode" = cmin ]; then
  for t in $targets; do
    c=fuzz/corpus/$t
    mkdir -p "$c"
    before=$(files "$c")
    for d in "$new/$t" "$seeds/$t"; do [ -d "$d" ] && cp -n "$d"/* "$c"/ 2>/dev/null || true; done
    # Edge coverage only (-use_counters=0): the same edges as a merge by hit counts in a tenth
    # of the bytes (the count-diverse inputs come back within the first minute of a run).
    cargo fuzz cmin "${flags[@]}" "$t" "$c" -- -use_counters=0 > "$logs/$t.cmin.log" 2>&1 || { tail -20 "$logs/$t.cmin.log"; exit 1; }
    printf '[fuzz] %-16s corpus %4d -> %4d files, %7d B\n' "$t" "$before" "$(files "$c")" "$(bytes "$c")"
  done
  rm -rf "$new"
  exit 0
fi

# One target: libFuzzer with its final stats; exit status in $logs/$t.rc.
run() {
  local t=$1
  mkdir -p "fuzz/corpus/$t" "$new/$t" "$seeds/$t"
  set +e
  cargo fuzz run "${flags[@]}" "$t" "$new/$t" "fuzz/corpus/$t" "$seeds/$t" -- \
    -max_total_time="$seconds" -timeout=20 -print_final_stats=1 > "$logs/$t.log" 2>&1
  echo $? > "$logs/$t.rc"
  set -e
  echo "[fuzz] $t done (exit $(cat "$logs/$t.rc"))"
}

for t in $targets; do rm -f "$logs/$t.rc" "$logs/$t.log"; done
running=0
for t in $targets; do
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  run "$t" &
  running=$((running + 1))
done
wait

crashes=0
{
  echo "# Fuzz run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(rustc --version), cargo-fuzz $(cargo fuzz --version | awk '{ print $2 }'), \`cargo fuzz run ${flags[*]}\`, ${seconds} s per target, ${jobs} at a time"
  echo
  echo "| target | executions | exec/s | new units | corpus files | corpus bytes | crashes |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for t in $targets; do
    rc=$(cat "$logs/$t.rc" 2>/dev/null || echo 1)
    found=$(ls fuzz/artifacts/"$t" 2>/dev/null | grep -cE '^(crash|timeout|oom|leak)-' || true)
    bad=$(( rc != 0 ? (found > 0 ? found : 1) : 0 ))
    crashes=$((crashes + bad))
    echo "| $t | $(stat "$t" number_of_executed_units) | $(stat "$t" average_exec_per_sec) | $(stat "$t" new_units_added) | $(files "fuzz/corpus/$t" "$new/$t") | $(bytes "fuzz/corpus/$t" "$new/$t") | $bad |"
  done
  echo
  echo "Total: $crashes crash(es), $(( $(date +%s) - start )) s wall including the build."
} > target/fuzz-stats.md
cat target/fuzz-stats.md
if [ "$crashes" -ne 0 ]; then
  for t in $targets; do
    [ "$(cat "$logs/$t.rc" 2>/dev/null || echo 1)" -eq 0 ] && continue
    echo; echo "[fuzz] $t failed: tail of $logs/$t.log"; tail -40 "$logs/$t.log"
  done
  exit 1
fi
