#!/usr/bin/env bash
# Side-by-side throughput of two dlstudy binaries (say, before and after a change), measured in
# one session: `dlstudy bench --json` of A and B in alternation, ROUNDS times, then per workload
# and batch size the median samples/s of each and the ratio B/A of the medians, and the best and
# median % of the sgemm peak over the rounds. Alternating spreads a noisy machine's slow spells
# over both.
#
#   benchmarks/ab.sh A_BINARY B_BINARY [ROUNDS] [-- extra bench options]
set -euo pipefail
a=$1 b=$2
rounds=${3:-5}
shift 2; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
out=$(mktemp -d)
for r in $(seq 1 "$rounds"); do
  "$a" bench --json "$@" >"$out/a$r.json"
  "$b" bench --json "$@" >"$out/b$r.json"
done
python3 - "$out" "$rounds" "$a" "$b" <<'PY'
import json, statistics, sys
out, rounds, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def load(side):
    runs = [json.load(open(f"{out}/{side}{r}.json")) for r in range(1, rounds + 1)]
    figures = {}
    for run in runs:
        for res in run["results"]:
            figures.setdefault((res["model"], res["batchSize"]), []).append(
                (res["samplesPerSecond"], res["cpuSamplesPerSecond"], res.get("percentOfPeak", float("nan"))))
    return figures, statistics.median(run["sgemmPeakGFLOPS"] for run in runs)
fa, pa = load("a"); fb, pb = load("b")
print(f"A: {a}\nB: {b}\n{rounds} alternating rounds; median samples/s; OpenBLAS sgemm peak A {pa:.1f}, B {pb:.1f} GFLOP/s")
print("wall: samples/s of wall-clock time; cpu: of the training thread's CPU time (steadier when the machine is busy)")
print("% peak: best and median over the rounds of each run's best-against-best % of the sgemm peak")
print(f"{'model':20} {'batch':>6} {'A wall':>10} {'B wall':>10} {'B/A':>6} {'A cpu':>10} {'B cpu':>10} {'B/A':>6}"
      f" {'A best%':>8} {'B best%':>8} {'A med%':>7} {'B med%':>7}")
for key in fa:
    wa, wb = (statistics.median(x[0] for x in f[key]) for f in (fa, fb))
    ca, cb = (statistics.median(x[1] for x in f[key]) for f in (fa, fb))
    pa, pb = ([x[2] for x in f[key]] for f in (fa, fb))
    print(f"{key[0]:20} {key[1]:>6} {wa:>10.0f} {wb:>10.0f} {wb / wa:>6.2f} {ca:>10.0f} {cb:>10.0f} {cb / ca:>6.2f}"
          f" {max(pa):>8.1f} {max(pb):>8.1f} {statistics.median(pa):>7.1f} {statistics.median(pb):>7.1f}")
PY
