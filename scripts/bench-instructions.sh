#!/usr/bin/env bash
# Instructions per operation of every run-time benchmark case, ours beside the baseline,
# counted by callgrind: the same on every run of the same binary, however busy the machine
# is. Instructions are not time (an allocation or a cache miss costs more than its count),
# so `cargo bench` stays the figure of record; this one is for a noisy machine and for
# checking a change. Prints a Markdown table; BENCHMARKS.md records a run.
#
#   scripts/bench-instructions.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
bin=$(cargo bench -p vpc-errors --features axum,client --bench instructions --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')
# Instructions of N iterations; the difference between two N removes start-up and set-up.
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
    | awk '/Collected/ {print $4}'
}
per_op() {
  local a b
  a=$(count "$1" 200); b=$(count "$1" 1200)
  echo $(( (b - a) / 1000 ))
}
echo "| case | instructions per iteration | ratio to the group's first baseline |"
echo "|---|---|---|"
declare -A first_baseline
mapfile -t cases < <("$bin" --list)
declare -A ir
for c in "${cases[@]}"; do
  ir[$c]=$(per_op "$c")
  group=${c%%/*}
  if [[ $c == */baseline_* && -z ${first_baseline[$group]:-} ]]; then first_baseline[$group]=${ir[$c]}; fi
done
for c in "${cases[@]}"; do
  group=${c%%/*}
  base=${first_baseline[$group]:-}
  if [[ -z $base ]]; then
    # A group without a baseline of its own (other body shapes): set beside the bundled
    # catalogue's cases above.
    echo "| $c | ${ir[$c]} | — |"
  else
    echo "| $c | ${ir[$c]} | $(awk -v a="${ir[$c]}" -v b="$base" 'BEGIN {printf "%.2f", a / b}') |"
  fi
done
