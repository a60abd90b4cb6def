#!/usr/bin/env bash
# Shows that every quick study gives byte-identical records and summary.json numbers under every
# matrix-product path this machine can run: the engine's AVX2 kernel, its portable kernel, the
# plain reference loop, and (to show OpenBLAS no longer matters) the default path under other
# OpenBLAS core types. Times are left out of the comparison (wall seconds, elapsed seconds, the
# date a report was generated); everything else must match byte for byte.
#
#   scripts/same-bits.sh [OUT_DIR] [STUDY…]      (default: a temporary folder, every study)
#
# Takes a few minutes (the reference path is an unblocked loop). Needs python3 for the JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
shift || true
studies=("$@")
[ ${#studies[@]} -eq 0 ] && studies=(--all)
# DLSTUDY names a binary to use as it is; otherwise the release build is brought up to date.
if [ -n "${DLSTUDY:-}" ]; then bin=$DLSTUDY; else swift build -c release --product dlstudy >/dev/null; bin=.build/release/dlstudy; fi

# name | environment
variants=(
  "avx2|DLSTUDY_GEMM=avx2"
  "portable|DLSTUDY_GEMM=portable"
  "reference|DLSTUDY_GEMM=reference"
  "auto-openblas-sandybridge|OPENBLAS_CORETYPE=Sandybridge"
  "auto-openblas-haswell|OPENBLAS_CORETYPE=Haswell"
)
for v in "${variants[@]}"; do
  name=${v%%|*}; envs=${v#*|}
  start=$(date +%s)
  env $envs "$bin" run "${studies[@]}" --profile quick --output "$out/$name" >"$out/$name.log" 2>&1
  echo "same-bits: $name ($envs): trained in $(( $(date +%s) - start )) s"
done

python3 - "$out" "${variants[@]}" <<'PY'
import json, os, sys
out, variants = sys.argv[1], [v.split("|")[0] for v in sys.argv[2:]]
# Times, and the checksum that covers them.
TIMES = {"wallSeconds", "elapsedSeconds", "evaluationSeconds", "probeSeconds", "checksum", "generated"}
def strip(x):
    if isinstance(x, dict): return {k: strip(v) for k, v in x.items() if k not in TIMES}
    if isinstance(x, list): return [strip(v) for v in x]
    return x
def files(root):
    found = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n in ("record.json", "summary.json"):
                path = os.path.join(d, n)
                found[os.path.relpath(path, root)] = json.dumps(strip(json.load(open(path))), sort_keys=True)
    return found
base = files(os.path.join(out, variants[0]))
records = sum(1 for k in base if k.endswith("record.json"))
summaries = sum(1 for k in base if k.endswith("summary.json"))
bad = 0
for v in variants[1:]:
    other = files(os.path.join(out, v))
    if set(other) != set(base):
        print(f"same-bits: {v}: other files than {variants[0]} ({len(set(other) ^ set(base))} differ)"); bad += 1; continue
    differing = [k for k in base if base[k] != other[k]]
    for k in differing[:5]: print(f"same-bits: {v}: {k} differs from {variants[0]}")
    bad += len(differing)
    print(f"same-bits: {v}: {len(base) - len(differing)} of {len(base)} files identical to {variants[0]}")
print(f"same-bits: {records} records and {summaries} summaries compared across {len(variants)} paths: "
      + ("all identical" if bad == 0 else f"{bad} differences"))
sys.exit(1 if bad else 0)
PY
