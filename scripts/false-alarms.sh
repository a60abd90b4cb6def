#!/usr/bin/env bash
# Measures how often `dlstudy check` cries wolf on another numeric platform: checks every quick
# study against the committed baselines (made with the engine's fixed-order kernels) with runs
# whose matrix products go to OpenBLAS instead, under each OpenBLAS kernel this CPU can run.
# OpenBLAS's summation order differs from ours and between its kernels, so each one is a
# platform of its own: the last bits differ and training amplifies them, as on another machine.
# The check then compares statistically; every study should pass. Also checks the native path
# (exact mode), which must find every run bit-identical.
#
#   scripts/false-alarms.sh [OUT_DIR] [CORETYPE…]   (default core types: the CPU's own, Haswell, Sandybridge)
#
# Prints one line per check and a summary line; exits 1 on any false alarm.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
shift || true
cores=("$@")
[ ${#cores[@]} -eq 0 ] && cores=(default Haswell Sandybridge)
# DLSTUDY names a binary to use as it is; otherwise the release build is brought up to date.
if [ -n "${DLSTUDY:-}" ]; then bin=$DLSTUDY; else swift build -c release --product dlstudy >/dev/null; bin=.build/release/dlstudy; fi

alarms=0 checks=0
run_check() {  # name, then environment assignments
  local name=$1; shift
  checks=$((checks + 1))
  if env "$@" "$bin" check --all --profile quick --output "$out/$name" >"$out/$name.log" 2>&1; then
    echo "false-alarms: $name: pass"
  else
    alarms=$((alarms + 1))
    echo "false-alarms: $name: FAIL (see $out/$name.log and $out/$name/check/index.html)"
  fi
  grep -E "^(PASS|FAIL) " "$out/$name.log" | sed "s/^/  /"
}

run_check native DLSTUDY_GEMM=auto
for core in "${cores[@]}"; do
  if [ "$core" = default ]; then
    run_check openblas-default DLSTUDY_GEMM=openblas
  else
    run_check "openblas-$core" DLSTUDY_GEMM=openblas OPENBLAS_CORETYPE="$core"
  fi
done
echo "false-alarms: $((checks - alarms)) passed, $alarms failed"
[ "$alarms" -eq 0 ]
