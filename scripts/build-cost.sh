#!/usr/bin/env bash
# What vpc-errors costs a user at build time, each figure beside the baseline a user would
# otherwise have, measured interleaved in the same run (A B A B …). Prints Markdown tables;
# writes the scale chart (build-scale.svg beside BENCHMARKS.md). BENCHMARKS.md records a run.
#
#   scripts/build-cost.sh            # 3 runs per figure: median, and min–max
#   RUNS=5 scripts/build-cost.sh
#   SVG=/tmp/x.svg scripts/build-cost.sh
#   FIGURES="5" scripts/build-cost.sh   # only some figures (of 5 6 7 8; 7 builds 6's crates)
#
# 5. clean debug build of a user's crate: vpc-errors (default features) vs syn + quote +
#    proc-macro2 + serde; and vpc-errors with `axum` + axum vs axum alone; vpc-errors built
#    as a registry dependency is (not incrementally), and once more as a path dependency
# 6. a crate with 1,000 `vpc_error!` uses vs the same crate with the variants written by
#    hand: the rebuild after touching it (`cargo build`), and `cargo check`, whose
#    difference over 1,000 calls is the macro's own time per call
# 7. rebuild after touching catalogue.yaml, and how often one compilation parsed it
# 8. scale: catalogues of 1×, 5× and 20× the bundled one's rows, and four catalogues in
#    one crate: the crate's clean and incremental build, and the expanded code's size
#
# Every crate builds in a target directory of its own under a temporary directory (the
# caller's target directory is never used): with a shared one the clean builds would not
# be clean. Times are wall and CPU (user + sys of cargo and every compiler it ran).
set -euo pipefail
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-3}"
svg="${SVG:-$root/build-scale.svg}"
figures=" ${FIGURES:-5 6 7 8} "
want() { [[ $figures == *" $1 "* ]]; }
uses=1000
work="$(mktemp -d "${TMPDIR:-/tmp}/vpc-errors-build-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 {lo=$1} {hi=$1} END {print lo "–" hi}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# timed DIR CMD...: "WALL CPU" in seconds, the command's output discarded
timed() {
  local dir=$1; shift
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time (cd "$dir" && "$@" >/dev/null 2>&1); } 2>&1)
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' <<<"$t"
}
# record NAME "WALL CPU": appends to the name's series
declare -A wall cpu
record() { wall[$1]="${wall[$1]:-} ${2% *}"; cpu[$1]="${cpu[$1]:-} ${2#* }"; }
med() { local k=$1 s=$2; local -n a=$s; median ${a[$k]}; }
rng() { local k=$1 s=$2; local -n a=$s; spread ${a[$k]}; }

new_crate() { # new_crate NAME DEPENDENCIES-TOML
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n[workspace]\n' "$1" "$2" > "$work/$1/Cargo.toml"
}
build_in() { # build_in CRATE TARGET-DIR CARGO-ARGS...: the crate's build, timed
  local c=$1 t=$2; shift 2
  timed "$work/$c" env CARGO_TARGET_DIR="$t" cargo "$@"
}

# --- 5. clean build of a user's crate, default features and with axum, vs its baseline
if want 5; then
new_crate user "vpc-errors = { path = \"$root/vpc-errors\" }"
echo 'pub fn e() -> vpc_errors::DeleteVpcError { vpc_errors::vpc_error!(DeleteVpc::VpcHasSubnets) }' > "$work/user/src/lib.rs"
new_crate user-baseline 'syn = { version = "3", default-features = false, features = ["parsing", "printing", "proc-macro", "derive"] }
quote = "1"
proc-macro2 = "1"
serde = { version = "1", features = ["derive"] }'
echo '#[derive(serde::Serialize)] pub struct S { pub a: u8 } pub use {quote::quote, syn::Ident};' > "$work/user-baseline/src/lib.rs"
new_crate axum-user "vpc-errors = { path = \"$root/vpc-errors\", features = [\"axum\"] }
axum = \"0.8\""
echo 'pub fn e() -> vpc_errors::DeleteVpcError { vpc_errors::vpc_error!(DeleteVpc::VpcHasSubnets) } pub use axum::Router;' > "$work/axum-user/src/lib.rs"
new_crate axum-baseline 'axum = "0.8"'
echo 'pub use axum::Router;' > "$work/axum-baseline/src/lib.rs"
clean5=(user user-baseline axum-user axum-baseline)
for c in "${clean5[@]}"; do (cd "$work/$c" && cargo generate-lockfile -q && cargo fetch -q); done
# A user gets vpc-errors from a registry, and cargo compiles a registry dependency without
# incremental compilation (it does that only for path dependencies and workspace members):
# so vpc-errors, a path dependency here, is built with CARGO_INCREMENTAL=0, as a registry
# one would be. The baselines' dependencies are all registry ones, so the setting changes
# nothing there. The same axum crate built incrementally (vpc-errors used from a checkout)
# is one more row.
for _ in $(seq "$runs"); do
  for c in "${clean5[@]}"; do
    rm -rf "$work/target-$c"
    record "$c" "$(CARGO_INCREMENTAL=0 build_in "$c" "$work/target-$c" build -q)"
  done
  rm -rf "$work/target-axum-user"
  record axum-user-path "$(CARGO_INCREMENTAL=1 build_in axum-user "$work/target-axum-user" build -q)"
done
fi

# --- 6. 1,000 vpc_error! uses vs the same variants written by hand
if want 6 || want 7; then
refs=(
  'vpc_error!(DeletePublicip::PublicipNotFound)|DeletePublicipError::PublicipNotFound|DeletePublicipError'
  'vpc_error!(DeleteVpc, "VPC.0104")|DeleteVpcError::VpcHasSubnets|DeleteVpcError'
  'vpc_error!(ShowVpc::NeutronError, status = 500)|ShowVpcError::NeutronError { status: Status404Or500::InternalServerError }|ShowVpcError'
  'vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id = id)|ShowNetworkIpAvailabilitiesError::NetworkNotFound { network_id: id.into() }|ShowNetworkIpAvailabilitiesError'
)
for kind in macro hand; do
  # The macro crate's internal `__parse-log` feature, for figure 7's count of parses; in
  # both crates, so that they build the same dependencies.
  new_crate "uses-$kind" "vpc-errors = { path = \"$root/vpc-errors\" }
vpc-errors-macros = { path = \"$root/vpc-errors-macros\", features = [\"__parse-log\"] }"
  {
    echo '#![allow(clippy::all, unused_imports)]'
    echo 'use vpc_errors::*;'
    for i in $(seq 0 $((uses - 1))); do
      IFS='|' read -r by_macro by_hand ty <<<"${refs[$((i % ${#refs[@]}))]}"
      expr=$([ "$kind" = macro ] && echo "$by_macro" || echo "$by_hand")
      echo "pub fn e$i(id: String) -> $ty { let _ = &id; $expr }"
    done
  } > "$work/uses-$kind/src/lib.rs"
  # dependencies, once; both crates share a target directory, as one developer's would
  (cd "$work/uses-$kind" && CARGO_TARGET_DIR="$work/target-uses" cargo build -q && CARGO_TARGET_DIR="$work/target-uses" cargo check -q)
done
fi
if want 6; then
for _ in $(seq "$runs"); do
  for kind in macro hand; do
    touch "$work/uses-$kind/src/lib.rs"; record "build-$kind" "$(build_in "uses-$kind" "$work/target-uses" build -q)"
    touch "$work/uses-$kind/src/lib.rs"; record "check-$kind" "$(build_in "uses-$kind" "$work/target-uses" check -q)"
  done
done
fi

# --- 7. touching catalogue.yaml rebuilds vpc-errors and its dependents; parses per compilation
if want 7; then
log="$work/parses.log"
for _ in $(seq "$runs"); do
  rm -f "$log"
  touch "$root/catalogue.yaml"
  record touch "$(VPC_ERRORS_PARSE_LOG="$log" build_in uses-macro "$work/target-uses" build -q)"
done
# one line per parse, "<pid> <file>": the largest number of parses of one file by one process
max_parses=$(sort "$log" | uniq -c | sort -rn | awk 'NR == 1 {print $1}')
compilations=$(cut -d' ' -f1 "$log" | sort -u | wc -l)
fi

# --- 8. scale: synthetic catalogues of 1×, 5× and 20× the bundled one, four in one crate
if want 8; then
# Copy k of every group but the common ones, with its operations renamed (`CreateVpcK2`)
# and its codes given their own prefix (`VPC.0104` -> `VPCB.0104`), so every name stays
# unique and every code valid; the common errors appear once.
scale() { # scale K > FILE
  awk -v k="$1" '
    function copy(n) {
      for (c = 2; c <= k; c++) {
        suffix = sprintf("K%d", c); letter = substr("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c, 1)
        for (i = 1; i <= n; i++) {
          line = buf[i]
          if (line ~ /^  - group: /) sub(/"$/, " " c "\"", line)
          if (ops[i]) sub(/"$/, suffix "\"", line)
          if (line ~ /^        code: "/) { sub(/\./, letter ".", line) }
          print line
        }
      }
    }
    /^groups:/ { print; body = 1; next }
    !body { print; next }
    /^  - group: / { if (n && !common) copy(n); n = 0; common = 0; mode = "" }
    { buf[++n] = $0; ops[n] = 0; print }
    /^    common: true/ { common = 1 }
    /^    operations:/ { mode = "ops" } /^    errors:/ { mode = "errors" }
    mode == "ops" && /^      - name: "/ { ops[n] = 1 }
    END { if (n && !common) copy(n) }
  ' "$root/catalogue.yaml"
}
rows_of() { grep -c '^        code: "' "$@" | awk -F: '{s += $NF} END {print s}'; }
scale_crates=(scale-1 scale-5 scale-20 scale-4x1)
for c in scale-0 "${scale_crates[@]}"; do
  new_crate "$c" "vpc-errors = { path = \"$root/vpc-errors\" }"
done
echo '' > "$work/scale-0/src/lib.rs"
for k in 1 5 20; do
  scale "$k" > "$work/scale-$k/catalogue.yaml"
  echo 'vpc_errors::catalogue!("catalogue.yaml");' > "$work/scale-$k/src/lib.rs"
done
: > "$work/scale-4x1/src/lib.rs"
for m in a b c d; do
  cp "$work/scale-1/catalogue.yaml" "$work/scale-4x1/catalogue-$m.yaml"
  echo "pub mod $m { vpc_errors::catalogue!(\"catalogue-$m.yaml\"); }" >> "$work/scale-4x1/src/lib.rs"
done
declare -A rows bytes
for c in scale-0 "${scale_crates[@]}"; do
  # the dependencies, once, in one target directory for every scale crate
  (cd "$work/$c" && CARGO_TARGET_DIR="$work/target-scale" cargo build -q)
  # the expansion as source text (`-Zunpretty=expanded`, what cargo-expand prints)
  bytes[$c]=$(cd "$work/$c" && CARGO_TARGET_DIR="$work/target-scale" RUSTC_BOOTSTRAP=1 \
    cargo rustc -q --lib -- -Zunpretty=expanded 2>/dev/null | wc -c)
  if [ "$c" != scale-0 ]; then rows[$c]=$(rows_of "$work/$c"/catalogue*.yaml); fi
done
for _ in $(seq "$runs"); do
  for c in "${scale_crates[@]}"; do
    (cd "$work/$c" && CARGO_TARGET_DIR="$work/target-scale" cargo clean -q -p "$c")
    record "clean-$c" "$(build_in "$c" "$work/target-scale" build -q)"
    echo "// edit" >> "$work/$c/src/lib.rs"
    record "incr-$c" "$(build_in "$c" "$work/target-scale" build -q)"
  done
done
fi

# --- report
cpu_name=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "Machine: $(nproc) cores, $cpu_name; $(rustc --version); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); median (min–max) of $runs runs"
echo
echo "| figure | vpc-errors wall | CPU | baseline wall | CPU | ratio wall | ratio CPU |"
echo "|---|---|---|---|---|---|---|"
row() { # row LABEL OURS BASE
  echo "| $1 | $(med "$2" wall) s ($(rng "$2" wall)) | $(med "$2" cpu) s ($(rng "$2" cpu)) | $(med "$3" wall) s ($(rng "$3" wall)) | $(med "$3" cpu) s ($(rng "$3" cpu)) | $(ratio "$(med "$2" wall)" "$(med "$3" wall)")× | $(ratio "$(med "$2" cpu)" "$(med "$3" cpu)")× |"
}
if want 5; then
row "5. clean build: user crate, vpc-errors (default) vs syn + quote + proc-macro2 + serde" user user-baseline
row "5. clean build: user crate, vpc-errors (axum) + axum vs axum alone" axum-user axum-baseline
row "5. the same, vpc-errors a path dependency (compiled incrementally, as from a checkout)" axum-user-path axum-baseline
fi
if want 6; then
row "6. rebuild of a crate with $uses \`vpc_error!\` vs the variants by hand (build)" build-macro build-hand
row "6. the same, \`cargo check\`" check-macro check-hand
fi
if want 7; then
echo "| 7. rebuild after touching catalogue.yaml (vpc-errors + the $uses-use crate) | $(med touch wall) s ($(rng touch wall)) | $(med touch cpu) s | | | | |"
fi
echo
if want 6; then
per_call() { awk -v a="$(med "$1" "$3")" -v b="$(med "$2" "$3")" -v n="$uses" 'BEGIN {printf "%.3f", (a - b) * 1000 / n}'; }
echo "Per \`vpc_error!\` call, catalogue cached ((ours − by hand) / $uses): check $(per_call check-macro check-hand wall) ms wall, $(per_call check-macro check-hand cpu) ms CPU; build $(per_call build-macro build-hand wall) ms wall, $(per_call build-macro build-hand cpu) ms CPU."
echo
fi
if want 7; then
echo "Parses of a catalogue per compilation (the macro crate's \`__parse-log\` feature, VPC_ERRORS_PARSE_LOG): at most ${max_parses}, over ${compilations} compilations, with $uses macro calls in one of them."
echo
fi
want 8 || exit 0
echo "| 8. scale | rows | clean build wall | CPU | incremental wall | CPU | expanded code |"
echo "|---|---|---|---|---|---|---|"
data="$work/scale.tsv"
: > "$data"
for c in "${scale_crates[@]}"; do
  code=$((bytes[$c] - bytes[scale-0]))
  echo "| $c | ${rows[$c]} | $(med "clean-$c" wall) s ($(rng "clean-$c" wall)) | $(med "clean-$c" cpu) s | $(med "incr-$c" wall) s ($(rng "incr-$c" wall)) | $(med "incr-$c" cpu) s | $((code / 1024)) KiB |"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "${rows[$c]}" "$(med "clean-$c" wall)" "$(med "clean-$c" cpu)" \
    "$(med "incr-$c" wall)" "$(med "incr-$c" cpu)" "$code" >> "$data"
done
echo
# The fit and the chart: least squares of each series against rows over the three single
# catalogues; the four-catalogue crate is drawn apart and compared with the line.
python3 - "$data" "$svg" <<'PY'
import sys

rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
pts = {r[0]: [float(x) for x in r[1:]] for r in rows}
single = [k for k in pts if k != "scale-4x1"]
series = [  # (column, label, unit, scale, colour)
    (1, "clean build, wall", "s", 1, "#1f77b4"),
    (2, "clean build, CPU", "s", 1, "#aec7e8"),
    (3, "incremental, wall", "s", 1, "#d62728"),
    (4, "incremental, CPU", "s", 1, "#ff9896"),
    (5, "expanded code", "KiB", 1 / 1024, "#2ca02c"),
]

def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    ss = sum((y - my) ** 2 for y in ys)
    res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    return slope, intercept, 1 - res / ss if ss else 1.0

print("| series | per row | fixed part | R² | slope 1×→5× | slope 5×→20× | four catalogues vs the line |")
print("|---|---|---|---|---|---|---|")
fits = {}
for col, label, unit, k, _ in series:
    xs = [pts[c][0] for c in single]
    ys = [pts[c][col] * k for c in single]
    slope, intercept, r2 = fit(xs, ys)
    fits[col] = (slope, intercept)
    seg = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    x4, y4 = pts["scale-4x1"][0], pts["scale-4x1"][col] * k
    pred = intercept + slope * x4
    per = f"{slope * 1000:.2f} m{unit}" if unit == "s" else f"{slope * 1024:.0f} bytes"
    fmt = (lambda v: f"{v * 1000:.2f} m{unit}") if unit == "s" else (lambda v: f"{v * 1024:.0f} bytes")
    print(f"| {label} | {per} | {intercept:.2f} {unit} | {r2:.4f} | {fmt(seg[0])} | {fmt(seg[1])} | "
          f"{y4:.2f} {unit} vs {pred:.2f} {unit} ({y4 / pred:.2f}×) |")

# two panels: time against rows, code size against rows
W, H, M = 920, 380, 60
pw = (W - 3 * M) / 2
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
       'font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>']
xmax = max(p[0] for p in pts.values()) * 1.05

def panel(x0, title, cols, unit):
    ymax = max(pts[c][col] * k for c in pts for col, _, _, k, _ in cols) * 1.15
    sx = lambda x: x0 + x / xmax * pw
    sy = lambda y: H - M - y / ymax * (H - 2 * M)
    out.append(f'<text x="{x0 + pw / 2}" y="{M - 30}" text-anchor="middle" font-weight="bold">{title}</text>')
    out.append(f'<line x1="{x0}" y1="{H - M}" x2="{x0 + pw}" y2="{H - M}" stroke="black"/>')
    out.append(f'<line x1="{x0}" y1="{M}" x2="{x0}" y2="{H - M}" stroke="black"/>')
    for i in range(6):
        xv, yv = xmax * i / 5, ymax * i / 5
        out.append(f'<text x="{sx(xv)}" y="{H - M + 16}" text-anchor="middle">{xv:.0f}</text>')
        out.append(f'<text x="{x0 - 6}" y="{sy(yv) + 4}" text-anchor="end">{yv:.1f}</text>')
        out.append(f'<line x1="{x0}" y1="{sy(yv)}" x2="{x0 + pw}" y2="{sy(yv)}" stroke="#eee"/>')
    out.append(f'<text x="{x0 + pw / 2}" y="{H - M + 34}" text-anchor="middle">catalogue rows</text>')
    out.append(f'<text x="{x0 - 44}" y="{H / 2}" text-anchor="middle" transform="rotate(-90 {x0 - 44} {H / 2})">{unit}</text>')
    for j, (col, label, _, k, colour) in enumerate(cols):
        slope, intercept = fits[col]
        out.append(f'<line x1="{sx(0)}" y1="{sy(intercept)}" x2="{sx(xmax)}" y2="{sy(intercept + slope * xmax)}" '
                   f'stroke="{colour}" stroke-dasharray="4 3"/>')
        for c in pts:
            x, y = pts[c][0], pts[c][col] * k
            fill = "white" if c == "scale-4x1" else colour
            out.append(f'<circle cx="{sx(x)}" cy="{sy(y)}" r="4" fill="{fill}" stroke="{colour}" stroke-width="2"/>')
        ly = M + 4 + 16 * j
        out.append(f'<circle cx="{x0 + 14}" cy="{ly}" r="4" fill="{colour}"/>')
        out.append(f'<text x="{x0 + 24}" y="{ly + 4}">{label}</text>')

panel(M + 10, "Build time of the catalogue's crate", series[:4], "seconds")
panel(2 * M + pw + 10, "Expanded code", series[4:], "KiB")
out.append(f'<text x="{W - 10}" y="{H - 6}" text-anchor="end" fill="#555">filled: one catalogue of 1×, 5×, 20× '
           'the bundled rows; hollow: four 1× catalogues in one crate; dashed: least-squares line</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print()
print(f"Chart: {sys.argv[2]}")
PY
