#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ and runs each for a bounded time, starting from the
# committed seeds in fuzz/corpus/<Fuzzer>/. Not part of CI (too slow); see fuzz/README.md.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [FUZZER…]    (default 60 s, every fuzzer)
#
# Environment: FUZZ_JOBS (parallel fuzzers, default 1), FUZZ_ARGS (extra libFuzzer flags).
# Builds into .build-fuzz/ (the main build is left alone); the corpus a run grows goes to
# .build-fuzz/corpus/<Fuzzer>/ and whatever it finds to .build-fuzz/findings/<Fuzzer>/
# (crash-*, timeout-*, oom-*, leak-*). Prints one line per fuzzer: seconds, executions, corpus
# size, findings; exits 1 when any fuzzer found something.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
all=(FuzzRunSpec FuzzNPY FuzzNPZ FuzzIDX FuzzCSV FuzzSafeTensors FuzzBaseline)
fuzzers=("$@")
[ ${#fuzzers[@]} -eq 0 ] && fuzzers=("${all[@]}")
scratch=$root/.build-fuzz

# Debug configuration with -O: optimized, but with Swift's overflow and bounds checks, which the
# release configuration's -Ounchecked (DLCore's setting) would remove, so a size field that
# overflows traps here instead of wrapping silently.
flags=(-c debug --scratch-path "$scratch" -Xswiftc -O -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
echo "fuzz: building the fuzzers into $scratch (the first build takes a while)" >&2
(cd "$root/fuzz" && swift build "${flags[@]}" >&2)
bin=$(cd "$root/fuzz" && swift build "${flags[@]}" --show-bin-path)

run_one() {
  local f=$1 corpus=$scratch/corpus/$1 findings=$scratch/findings/$1 log=$scratch/logs/$1.log
  rm -rf "$findings"  # a run reports what it finds; earlier findings are gone
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  # -malloc_limit_mb: one allocation of more than that is a finding (a size field believed).
  # -timeout: one input taking longer is a finding (a hang). Leak checking is off: the Swift
  # runtime's caches look like leaks to LeakSanitizer. The Swift backtracer is off: on a trap it
  # would read memory ASan guards (and crash in its turn); libFuzzer prints the stack instead.
  local dict=() start
  [ -f "$root/fuzz/dict/$f.dict" ] && dict=(-dict="$root/fuzz/dict/$f.dict")
  start=$(date +%s)
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=0 "$bin/$f" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" ${FUZZ_ARGS:-} \
    "$corpus" "$root/fuzz/corpus/$f" >"$log" 2>&1 || true
  local execs found elapsed
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  elapsed=$(($(date +%s) - start))
  found=$(find "$findings" -type f | wc -l)
  printf 'fuzz: %-16s %6ss %12s executions %6s corpus files %3s findings%s\n' "$f" "$elapsed" "${execs:-?}" \
    "$(find "$corpus" -type f | wc -l)" "$found" "$([ "$found" -gt 0 ] && echo "  (see $findings, log $log)")"
}

jobs=${FUZZ_JOBS:-1}
for f in "${fuzzers[@]}"; do
  run_one "$f" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
done
wait
total=0
for f in "${fuzzers[@]}"; do total=$((total + $(find "$scratch/findings/$f" -type f 2>/dev/null | wc -l))); done
echo "fuzz: ${#fuzzers[@]} fuzzer(s), ${seconds} s each, $total finding(s)"
[ "$total" -eq 0 ]
