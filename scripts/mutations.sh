#!/usr/bin/env bash
# Measures the power of `dlstudy check`: applies realistic one-line engine bugs one at a time
# (scripts/mutations/NAME.txt), rebuilds, runs `dlstudy check --all --profile quick` on fresh
# output and expects each bug to be caught (exit 1), after a control run without a mutation
# that must pass (exit 0).
#
#   scripts/mutations.sh [--only NAME]
#
# Environment:
#   MUTATION_BUILD_DIR  SwiftPM scratch folder, kept between runs so rebuilds are incremental
#                       (default: .build-mutations at the repository root, git-ignored)
#   MUTATION_BASELINES  baselines to check against (default: the checkout's studies/baselines)
#
# Exits non-zero when the control fails (in either mode) or a mutation is missed in auto mode,
# which compares bit for bit when the baselines were blessed on this numeric platform.
# Statistical misses are reported, not enforced: that mode is built to let small changes through.
set -euo pipefail

usage() { echo "usage: $0 [--only NAME]" >&2; exit 2; }
die() { echo "error: $*" >&2; exit 1; }

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
specs=$repo/scripts/mutations
names=()
case $# in
  0) for f in "$specs"/*.txt; do names+=("$(basename "$f" .txt)"); done ;;
  2) [[ $1 == --only ]] || usage
     [[ -f $specs/$2.txt ]] || die "no mutation $2 (no $specs/$2.txt)"
     names=("$2") ;;
  *) usage ;;
esac
build_dir=${MUTATION_BUILD_DIR:-$repo/.build-mutations}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)  # absolute: the build runs inside the temporary tree
baselines=$(cd "${MUTATION_BASELINES:-$repo/studies/baselines}" && pwd)

# The engine is HEAD's, pinned now so a commit made during the run changes nothing. The tree is
# an export, not a git worktree: nothing in the user's checkout or its .git is touched.
commit=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/dlstudy-mutations.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/tree
mkdir "$tree"
git -C "$repo" archive "$commit" | tar -x -C "$tree"
echo "engine: $commit; baselines: $baselines; build: $build_dir" >&2

build() {
  echo "building${1:+ with $1}…" >&2
  (cd "$tree" && swift build -c release --product dlstudy --scratch-path "$build_dir") >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log" >&2; die "the build failed${1:+ with mutation $1}"; }
}

# check OUTPUT MODE: runs the check, keeps its output in OUTPUT.MODE.log and prints its exit code.
check() {
  local status=0
  (cd "$tree" && "$build_dir/release/dlstudy" check --all --profile quick --baselines "$baselines" \
    --output "$1" --mode "$2") >"$1.$2.log" 2>&1 || status=$?
  echo "$status"
}

# caught|missed|error N, from check's exit code: 1 is a regression; 2 (a usage error) or a
# crash is not a catch, and the summary counts it as missed.
verdict() {
  case $1 in 1) echo caught ;; 0) echo missed ;; *) echo "error $1" ;; esac
}

# Applies mutation file $1 to the tree and prints the path it changed. Fails unless the
# original text occurs exactly once, so a mutation gone stale after a refactor is never
# skipped silently.
apply_mutation() {
  python3 - "$1" "$tree" <<'PY'
import pathlib, sys
spec, tree = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
fields = {}
for line in spec.read_text(encoding="utf-8").splitlines():
    if line and not line.startswith("#"):
        key, _, value = line.partition(":")
        fields[key] = value.removeprefix(" ")
missing = {"description", "file", "original", "replacement"} - fields.keys()
if missing:
    sys.exit(f"{spec}: no {', '.join(sorted(missing))}")
path = tree / fields["file"]
text = path.read_text(encoding="utf-8")
count = text.count(fields["original"])
if count != 1:
    sys.exit(f"{spec}: the original text occurs {count} times in {fields['file']}, not once: {fields['original']}")
path.write_text(text.replace(fields["original"], fields["replacement"], 1), encoding="utf-8")
print(fields["file"])
PY
}

start=$SECONDS
build
echo "control: checking…" >&2
control_exact=$(check "$work/control" auto)
control_stat=$(check "$work/control" statistical)
if [[ $control_exact != 0 || $control_stat != 0 ]]; then
  # A false alarm; and against baselines the unmodified engine does not reproduce, every
  # mutation would look caught, so none is run.
  grep -h -m1 -E '^(FAIL|error)' "$work"/control.*.log >&2 || true
  echo "mutations: not run; control: FAIL (exit $control_exact exact, $control_stat statistical)"
  exit 1
fi

exact_caught=0 exact_missed=0 stat_caught=0 stat_missed=0
for name in "${names[@]}"; do
  spec=$specs/$name.txt
  file=$(apply_mutation "$spec")
  build "$name"
  echo "$name: checking…" >&2
  out=$work/$name
  exact=$(verdict "$(check "$out" auto)")
  # Reuses the records the auto run just cached in the same output folder.
  stat=$(verdict "$(check "$out" statistical)")
  git -C "$repo" show "$commit:$file" >"$tree/$file"
  [[ $exact == caught ]] && exact_caught=$((exact_caught + 1)) || exact_missed=$((exact_missed + 1))
  [[ $stat == caught ]] && stat_caught=$((stat_caught + 1)) || stat_missed=$((stat_missed + 1))
  first=$(grep -m1 -E '^(FAIL|error)' "$out.auto.log" || echo "-")
  echo "$name | $(sed -n 's/^description: //p' "$spec") | exact: $exact | statistical: $stat | $first"
done

echo "mutations: $exact_caught caught, $exact_missed missed (exact); $stat_caught caught, $stat_missed missed (statistical); control: pass"
echo "took $(( (SECONDS - start) / 60 ))m $(( (SECONDS - start) % 60 ))s" >&2
[[ $exact_missed == 0 ]]
