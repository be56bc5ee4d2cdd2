#!/usr/bin/env bash
# What vpc-errors costs a user at build time, each figure beside the baseline a user would
# otherwise have, in the same run. Prints a Markdown table; BENCHMARKS.md records a run.
#
#   scripts/build-cost.sh            # 3 runs per figure, median
#   RUNS=5 scripts/build-cost.sh
#
# 5. clean build of the macro crate and its dependencies vs a crate with only syn + quote + serde
# 6. a crate with 1,000 `vpc_error!` uses vs the same crate with the variants written by hand
# 7. rebuild after touching catalogue.yaml, and how often one compilation parsed it
set -euo pipefail
# Each crate below builds in its own target dir: with a shared CARGO_TARGET_DIR, the clean
# builds would not be clean, and `cargo clean` would empty the caller's target dir.
unset CARGO_TARGET_DIR
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/build-cost"
runs="${RUNS:-3}"
uses=1000
rm -rf "$work"
mkdir -p "$work"

now() { date +%s.%N; }
# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# time_cmd DIR CMD...: seconds the command took in DIR
time_cmd() {
  local dir=$1; shift
  local t0 t1
  t0=$(now); (cd "$dir" && "$@" >/dev/null 2>&1); t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}'
}

new_crate() { # new_crate NAME DEPENDENCIES-TOML
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n[workspace]\n' "$1" "$2" > "$work/$1/Cargo.toml"
}

# --- 5. clean build of the macro crate vs syn + quote + serde alone
new_crate macros-only "vpc-errors-macros = { path = \"$root/vpc-errors-macros\" }"
echo 'pub use vpc_errors_macros::vpc_error;' > "$work/macros-only/src/lib.rs"
new_crate baseline-deps 'syn = { version = "3", default-features = false, features = ["parsing", "printing", "proc-macro", "derive"] }
quote = "1"
proc-macro2 = "1"
serde = { version = "1", features = ["derive"] }'
echo 'pub use {quote::quote, serde::Serialize, syn::Ident};' > "$work/baseline-deps/src/lib.rs"
for c in macros-only baseline-deps; do (cd "$work/$c" && cargo fetch -q); done
ours=(); base=()
for _ in $(seq "$runs"); do
  (cd "$work/macros-only" && cargo clean -q); ours+=("$(time_cmd "$work/macros-only" cargo build -q)")
  (cd "$work/baseline-deps" && cargo clean -q); base+=("$(time_cmd "$work/baseline-deps" cargo build -q)")
done
clean_ours=$(median "${ours[@]}"); clean_base=$(median "${base[@]}")

# --- 6. 1,000 vpc_error! uses vs the same variants written by hand
refs=(
  'vpc_error!(DeletePublicip::PublicipNotFound)|DeletePublicipError::PublicipNotFound|DeletePublicipError'
  'vpc_error!(DeleteVpc, "VPC.0104")|DeleteVpcError::VpcHasSubnets|DeleteVpcError'
  'vpc_error!(ShowVpc::NeutronError, status = 500)|ShowVpcError::NeutronError { status: Status404Or500::InternalServerError }|ShowVpcError'
  'vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id = id)|ShowNetworkIpAvailabilitiesError::NetworkNotFound { network_id: id.into() }|ShowNetworkIpAvailabilitiesError'
)
for kind in macro hand; do
  new_crate "uses-$kind" "vpc-errors = { path = \"$root/vpc-errors\" }"
  {
    echo '#![allow(clippy::all, unused_imports)]'
    echo 'use vpc_errors::*;'
    for i in $(seq 0 $((uses - 1))); do
      IFS='|' read -r by_macro by_hand ty <<<"${refs[$((i % ${#refs[@]}))]}"
      expr=$([ "$kind" = macro ] && echo "$by_macro" || echo "$by_hand")
      echo "pub fn e$i(id: String) -> $ty { let _ = &id; $expr }"
    done
  } > "$work/uses-$kind/src/lib.rs"
  (cd "$work/uses-$kind" && cargo build -q) # dependencies, once
done
ours=(); base=()
for _ in $(seq "$runs"); do
  touch "$work/uses-macro/src/lib.rs"; ours+=("$(time_cmd "$work/uses-macro" cargo build -q)")
  touch "$work/uses-hand/src/lib.rs"; base+=("$(time_cmd "$work/uses-hand" cargo build -q)")
done
uses_ours=$(median "${ours[@]}"); uses_base=$(median "${base[@]}")

# --- 7. touching catalogue.yaml rebuilds vpc-errors and its dependents; parses per compilation
log="$work/parses.log"
touches=()
for _ in $(seq "$runs"); do
  rm -f "$log"
  touch "$root/catalogue.yaml"
  touches+=("$(cd "$work/uses-macro" && VPC_ERRORS_PARSE_LOG="$log" time_cmd . cargo build -q)")
done
touch_rebuild=$(median "${touches[@]}")
# one line per parse, "<pid> <file>": the largest number of parses of one file by one process
max_parses=$(sort "$log" | uniq -c | sort -rn | awk 'NR == 1 {print $1}')
compilations=$(cut -d' ' -f1 "$log" | sort -u | wc -l)

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "Machine: $(nproc) cores, $cpu; $(rustc --version); median of $runs runs"
echo
echo "| figure | vpc-errors | baseline | ratio |"
echo "|---|---|---|---|"
echo "| 5. clean build: vpc-errors-macros + deps vs syn + quote + serde | ${clean_ours} s | ${clean_base} s | $(ratio "$clean_ours" "$clean_base")× |"
echo "| 6. crate with $uses \`vpc_error!\` vs the same variants by hand | ${uses_ours} s | ${uses_base} s | $(ratio "$uses_ours" "$uses_base")× |"
echo "| 7. rebuild after touching catalogue.yaml (vpc-errors + the $uses-use crate) | ${touch_rebuild} s | | |"
echo
echo "Parses of a catalogue per compilation (VPC_ERRORS_PARSE_LOG): at most ${max_parses}, over ${compilations} compilations, with $uses macro calls in one of them."
