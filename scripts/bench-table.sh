#!/usr/bin/env bash
# The run-time figures of BENCHMARKS.md: runs the criterion benchmarks (unless
# NO_RUN=1) and prints each comparison as a Markdown table, from criterion's medians.
#
#   scripts/bench-table.sh                 # cargo bench, then the table
#   NO_RUN=1 scripts/bench-table.sh        # the table of the last run
#   BENCH_ARGS="--measurement-time 10" scripts/bench-table.sh
#   PIN=0 scripts/bench-table.sh           # on CPU 0 only (taskset), away from other work
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
if [ "${NO_RUN:-0}" != 1 ]; then
  # shellcheck disable=SC2086 # BENCH_ARGS is a list of criterion options
  ${PIN:+taskset -c "$PIN"} cargo bench -p vpc-errors --features axum,client \
    --bench responses --bench registry --bench decode -- ${BENCH_ARGS:-} >&2
fi
python3 - "$target/criterion" <<'PY'
import json, os, sys

root = sys.argv[1]

def median(group, bench):
    path = os.path.join(root, group, bench, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"]

def fmt(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.1f} ns"

# (figure, group, ours, baseline, target ratio or None, what the target says)
rows = [
    ("1", "static_response", "ours_axum_into_response", "baseline_json_macro", 1 / 3, "≤ 1/3"),
    ("1", "static_response", "ours_http_to_http_response", "baseline_json_macro", 1 / 3, "≤ 1/3"),
    ("1", "static_response", "ours_axum_into_response", "baseline_serde_struct", None, ""),
    ("1", "static_response", "floor_hand_built", "baseline_json_macro", None, "(floor)"),
    ("2", "templated_response", "ours_axum_into_response", "baseline_format_json_macro", 1 / 2, "≤ 1/2"),
    ("2", "templated_response", "ours_http_to_response", "baseline_format_json_macro", 1 / 2, "≤ 1/2"),
    ("2", "templated_response", "ours_axum_into_response", "baseline_format_serde_struct", None, ""),
    ("3", "registry_by_code", "ours_by_code", "baseline_hashmap", 1.0, "< 1"),
    ("3", "registry_by_code", "ours_by_code_other_catalogue", "baseline_hashmap", 1.0, "(< 1)"),
    ("3", "registry_by_operation_code", "ours_lookup", "baseline_hashmap", 1.0, "< 1"),
    ("4", "decode_static", "ours_decode", "baseline_from_slice", 1.5, "≤ 1.5"),
    ("4", "decode_static_spaced", "ours_decode", "baseline_from_slice", 1.5, "(≤ 1.5)"),
    ("4", "decode_templated", "ours_decode", "baseline_from_slice", 1.5, "≤ 1.5"),
]
print("| # | group | ours | median | baseline | median | ratio | target | met |")
print("|---|---|---|---|---|---|---|---|---|")
for fig, group, ours, base, target, says in rows:
    try:
        a, b = median(group, ours), median(group, base)
    except FileNotFoundError:
        continue
    ratio = a / b
    if target is None:
        met = ""
    elif target == 1.0:
        met = "yes" if ratio < target else "**no**"
    else:
        met = "yes" if ratio <= target else "**no**"
    print(f"| {fig} | {group} | {ours} | {fmt(a)} | {base} | {fmt(b)} | {ratio:.2f} | {says} | {met} |")
PY
