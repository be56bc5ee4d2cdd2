#!/usr/bin/env bash
# Load test of the example server (issue 8, issue 14): wrk on 127.0.0.1, 30 s with 64
# connections over a mix holding every operation of the catalogue (scripts/load.lua):
#
#   - it sets up one resource of each kind through the API (a VPC and a subnet, a private
#     IP, an EIP bound to it with its own bandwidth, a shared bandwidth, a security group,
#     a flow log) and captures the body each read answers: the 16 reads answer exactly that
#     body, 200, all run long;
#   - each of the 20 mutating operations gets a request answering the same error row every
#     time and changing nothing (a name or range taken, a resource in use or bound, one not
#     there, a bad body, a quota already full);
#   - the common rows: an unknown token (VPC.0008), and the API gateway's APIGW.0301 (no
#     token) and APIGW.0101 (no such path), whose bodies quote each request's own id.
#
# Passes when every response has the exact status and body of its request, every kind and
# every operation of catalogue.yaml got correct answers, wrk saw no connect, read, write or
# timeout error, and the server's memory stayed flat: its RSS after the run, and at every
# sample during it, within LOAD_RSS_SLACK_KB of what it was after a short warm-up at the
# same concurrency.
#
# Installs wrk, curl and jq (Debian's packages) if missing; builds the server in release
# mode. Settings: LOAD_DURATION (30s), LOAD_CONNECTIONS (64), LOAD_THREADS (2),
# LOAD_RSS_SLACK_KB (16384). Prints requests/s, latency percentiles and the correct
# answers per kind.
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
for tool in curl jq; do
    command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y "$tool" >/dev/null
done

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

# The defaults, whatever the environment says (the demo token and project), but quotas of
# one security group and one shared bandwidth: the mix asks for one more of each.
unset_server_env=()
for name in $(compgen -e); do
    case $name in VPC_SERVER_*) unset_server_env+=(-u "$name") ;; esac
done
env "${unset_server_env[@]}" "$server" --port 0 --security-group-quota 1 \
    --quota shareBandwidth=1 >"$work/server.out" 2>/dev/null &
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

# One resource of each kind, through the API. Every read below answers the same body all
# run long: no request of the mix changes state.
api() { # METHOD PATH [BODY] -> the body in $work/last.json, the status on stdout
    local args=(-sS -o "$work/last.json" -w '%{http_code}' -X "$1" "$address$2"
        -H 'X-Auth-Token: demo-token' -H 'Content-Type: application/json')
    [ $# -lt 3 ] || args+=(-d "$3")
    curl "${args[@]}"
}
create() { # METHOD PATH BODY JQ -> the member JQ selects of the 200 body
    local status
    status=$(api "$1" "$2" "$3")
    if [ "$status" != 200 ]; then
        echo "$1 $2 answered $status: $(cat "$work/last.json")" >&2
        exit 1
    fi
    jq -er "$4" "$work/last.json"
}
v1=/v1/$project
v2=/v2.0/$project
flowlog_group=0d1e2f3a-0000-4a4a-8b8b-000000000001
flowlog_topic=0d1e2f3a-0000-4a4a-8b8b-000000000002
vpc_id=$(create POST "$v1/vpcs" '{"vpc": {"name": "load", "cidr": "10.0.0.0/16"}}' .vpc.id)
subnet_id=$(create POST "$v1/subnets" "{\"subnet\": {\"name\": \"load\", \"cidr\": \"10.0.1.0/24\",
    \"gateway_ip\": \"10.0.1.1\", \"vpc_id\": \"$vpc_id\"}}" .subnet.id)
privateip_id=$(create POST "$v1/privateips" "{\"privateips\": [{\"subnet_id\": \"$subnet_id\"}]}" \
    '.privateips[0].id')
privateip_address=$(jq -er '.privateips[0].ip_address' "$work/last.json")
publicip_id=$(create POST "$v1/publicips" '{"publicip": {"type": "5_bgp"},
    "bandwidth": {"name": "load", "size": 5, "share_type": "PER"}}' .publicip.id)
# Bound to the private IP: the EIP and the private IP are then both in use.
bandwidth_id=$(create PUT "$v1/publicips/$publicip_id" \
    "{\"publicip\": {\"port_id\": \"$privateip_id\"}}" .publicip.bandwidth_id)
# The only one the quota (--shared-bandwidth-quota 1) allows, as is the security group.
shared_id=$(create POST "$v2/bandwidths" '{"bandwidth": {"name": "shared", "size": 5}}' .bandwidth.id)
group_id=$(create POST "$v1/security-groups" '{"security_group": {"name": "load"}}' .security_group.id)
flowlog_id=$(create POST "$v1/fl/flow_logs" "{\"flow_log\": {\"name\": \"load\", \"resource_type\": \"vpc\",
    \"resource_id\": \"$vpc_id\", \"traffic_type\": \"all\", \"log_group_id\": \"$flowlog_group\",
    \"log_topic_id\": \"$flowlog_topic\"}}" .flow_log.id)

# The reads of the mix, and the body each answers now: the expected body under load.
: >"$work/reads.tsv"
n=0
while read -r op path; do
    n=$((n + 1))
    status=$(api GET "$path")
    [ "$status" = 200 ] || { echo "$op GET $path answered $status: $(cat "$work/last.json")"; exit 1; }
    mv "$work/last.json" "$work/read$n.json"
    printf '%s\t%s\t%s\n' "$op" "$path" "$work/read$n.json" >>"$work/reads.tsv"
done <<EOF
ShowVpc $v1/vpcs/$vpc_id
ListVpcs $v1/vpcs
ShowSubnet $v1/subnets/$subnet_id
ListSubnets $v1/subnets?vpc_id=$vpc_id
ShowPublicip $v1/publicips/$publicip_id
ListPublicips $v1/publicips
ShowBandwidth $v1/bandwidths/$bandwidth_id
ListBandwidths $v1/bandwidths
ShowQuota $v1/quotas
ShowPrivateip $v1/privateips/$privateip_id
ListPrivateips $v1/subnets/$subnet_id/privateips
ShowNetworkIpAvailabilities /v2.0/network-ip-availabilities/$subnet_id
ShowSecurityGroup $v1/security-groups/$group_id
ListSecurityGroups $v1/security-groups
ShowFlowLog $v1/fl/flow_logs/$flowlog_id
ListFlowLogs $v1/fl/flow_logs
EOF

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

export LOAD_PROJECT=$project LOAD_DIR=$work LOAD_VPC_ID=$vpc_id LOAD_SUBNET_ID=$subnet_id \
    LOAD_PUBLICIP_ID=$publicip_id LOAD_BANDWIDTH_ID=$bandwidth_id LOAD_SHARED_BANDWIDTH_ID=$shared_id \
    LOAD_SECURITY_GROUP_ID=$group_id LOAD_PRIVATEIP_ID=$privateip_id \
    LOAD_PRIVATEIP_ADDRESS=$privateip_address LOAD_FLOWLOG_ID=$flowlog_id \
    LOAD_FLOWLOG_GROUP=$flowlog_group LOAD_FLOWLOG_TOPIC=$flowlog_topic
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
grep -v '^ok_kind' "$work/result.txt"
echo "== correct answers per kind (operation, request)"
awk -F '\t' '/^ok_kind/ { split($1, f, " "); sub(/^ok_kind/, "", f[1]); printf "%3d %9d  %s\n", f[1], f[2], $2 }' \
    "$work/result.txt"
echo "rss_kb start=$rss_start warmed=$rss_before during=[${samples[*]}] after=$rss_after"

value() { awk -v k="$1" '$1 == k { print $2 }' "$work/result.txt"; }
failed=0
for key in wrong_bodies unmatched errors_connect errors_read errors_write errors_timeout; do
    if [ "$(value "$key")" != 0 ]; then
        echo "FAIL: $key = $(value "$key")"
        failed=1
    fi
done
kinds=$(value kinds)
for k in $(seq "$kinds"); do
    if [ "$(value "ok_kind$k")" -le 0 ]; then
        echo "FAIL: no correct answer of kind $k: $(grep "^ok_kind$k " "$work/result.txt" | cut -f 2)"
        failed=1
    fi
done
# Every operation of the catalogue is in the mix.
for op in $(awk '/^    operations:/ { o = 1; next } o && /^      - name:/ { gsub(/"/, "", $3); print $3 }
        /^    errors:/ { o = 0 }' catalogue.yaml | sort -u); do
    if ! awk -v op="$op" '$1 ~ /^ok_kind/ && $3 == op && $2 > 0 { found = 1 } END { exit !found }' \
        "$work/result.txt"; then
        echo "FAIL: no correct answer to $op"
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
