#!/usr/bin/env bash
# Load test of the example server (issue 8): wrk on 127.0.0.1, 30 s with 64 connections
# over a mix of success and error paths (scripts/load.lua):
#
#   GET  an existing VPC          200 its body
#   GET  a VPC nobody has         404 VPC.0003
#   POST a VPC with broken JSON   400 VPC.0101
#   GET  with an unknown token    401 VPC.0008
#
# Passes when every response has the exact status and body of its request, wrk saw no
# connect, read, write or timeout error, and the server's memory stayed flat: its RSS
# after the run, and at every sample during it, within LOAD_RSS_SLACK_KB of what it was
# after a short warm-up at the same concurrency.
#
# Installs wrk (Debian's package) if it is missing; builds the server in release mode.
# Settings: LOAD_DURATION (30s), LOAD_CONNECTIONS (64), LOAD_THREADS (2),
# LOAD_RSS_SLACK_KB (16384). Prints requests/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${LOAD_DURATION:-30s}
connections=${LOAD_CONNECTIONS:-64}
threads=${LOAD_THREADS:-2}
slack_kb=${LOAD_RSS_SLACK_KB:-16384}

if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null 2>&1; then
        apt-get update >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
    fi
fi
command -v curl >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y curl >/dev/null

echo "== building the example server (release)"
cargo build --release --quiet -p vpc-errors --example server --features axum,tracing
server="${CARGO_TARGET_DIR:-target}/release/examples/server"

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -INT "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# The defaults, whatever the environment says: the demo token and project.
env -u VPC_SERVER_PORT -u VPC_SERVER_TOKENS -u VPC_SERVER_VPC_QUOTA \
    -u VPC_SERVER_PUBLICIP_QUOTA -u VPC_SERVER_PUBLICIP_POOL \
    "$server" --port 0 >"$work/server.out" 2>/dev/null &
pid=$!
for _ in $(seq 200); do
    grep -q "listening on" "$work/server.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "the server exited"; exit 1; }
    sleep 0.05
done
address=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.out" | head -n 1)
project=$(sed -n 's/.*demo token:.*(project \([0-9a-f]*\)).*/\1/p' "$work/server.out")
if [ -z "$address" ] || [ -z "$project" ]; then
    echo "cannot read the server's address and demo project from:"
    cat "$work/server.out"
    exit 1
fi
echo "== server pid $pid on $address, demo project $project"

created=$(curl -sS -X POST "$address/v1/$project/vpcs" -H 'X-Auth-Token: demo-token' \
    -H 'Content-Type: application/json' -d '{"vpc": {"name": "load", "cidr": "10.0.0.0/16"}}')
vpc_id=$(printf '%s' "$created" | grep -o '"id":"[0-9a-f-]*"' | head -n 1 | cut -d '"' -f 4)
[ -n "$vpc_id" ] || { echo "creating the VPC failed: $created"; exit 1; }
status=$(curl -sS -o "$work/show.json" -w '%{http_code}' "$address/v1/$project/vpcs/$vpc_id" \
    -H 'X-Auth-Token: demo-token')
[ "$status" = 200 ] || { echo "showing the VPC answered $status"; exit 1; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

export LOAD_PROJECT=$project LOAD_VPC_ID=$vpc_id LOAD_DIR=$work
echo "== warm-up: 3 s at $connections connections"
rss_start=$(rss_kb)
wrk -t "$threads" -c "$connections" -d 3s -s scripts/load.lua "$address" >/dev/null
sleep 1
rss_before=$(rss_kb)

echo "== load: $duration at $connections connections, $threads wrk threads"
wrk -t "$threads" -c "$connections" -d "$duration" --latency -s scripts/load.lua "$address" \
    >"$work/wrk.out" &
wrk_pid=$!
samples=()
while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 3
    kill -0 "$wrk_pid" 2>/dev/null && samples+=("$(rss_kb)")
done
wait "$wrk_pid"
sleep 2
rss_after=$(rss_kb)
cat "$work/wrk.out"
echo "== result"
cat "$work/result.txt"
echo "rss_kb start=$rss_start warmed=$rss_before during=[${samples[*]}] after=$rss_after"

value() { awk -v k="$1" '$1 == k { print $2 }' "$work/result.txt"; }
failed=0
for key in wrong_bodies unmatched errors_connect errors_read errors_write errors_timeout; do
    if [ "$(value "$key")" != 0 ]; then
        echo "FAIL: $key = $(value "$key")"
        failed=1
    fi
done
for k in 1 2 3 4; do
    if [ "$(value "ok_kind$k")" -le 0 ]; then
        echo "FAIL: no correct answer of kind $k"
        failed=1
    fi
done
for rss in "${samples[@]}" "$rss_after"; do
    if [ $((rss - rss_before)) -gt "$slack_kb" ]; then
        echo "FAIL: RSS grew from $rss_before kB to $rss kB (slack $slack_kb kB)"
        failed=1
    fi
done
if [ "$failed" = 0 ]; then
    echo "PASS: $(value requests) requests, $(value requests_per_s) req/s," \
        "p50 $(value latency_p50_ms) ms, p90 $(value latency_p90_ms) ms, p99 $(value latency_p99_ms) ms;" \
        "0 wrong bodies, 0 connection errors, RSS $rss_before -> $rss_after kB"
fi
exit "$failed"
