#!/usr/bin/env bash
# The official Huawei Cloud Node.js SDK against the example server, twice:
#   - with --dual-body, where the SDK must hand its user the published status, code and
#     message of every error, and the request id;
#   - with the published bodies, documenting what that SDK's users see then: no error code,
#     and axios's "Request failed with status code N" as the message.
# The SDK (versions pinned in scripts/node-sdk/package-lock.json) is installed with
# `npm ci` into scripts/node-sdk/node_modules, never globally.
#
#   scripts/node-sdk-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "node and npm are needed" >&2; exit 1; }
(cd scripts/node-sdk && npm ci --no-audit --no-fund --loglevel=error)
cargo build -q -p vpc-errors --features axum,tracing --example server
project=0123456789abcdef0123456789abcdef
# shellcheck source=serve-example.sh
. scripts/serve-example.sh
trap stop_example EXIT
run() {
  local mode=$1; shift
  local log
  log=$(mktemp)
  serve_example "$log" "$@"
  echo "== $mode bodies ($address)"
  # The SDK logs every error it raises (request and all): the checks' own lines are shown,
  # the SDK's log only when a check fails.
  if node scripts/node-sdk/check.js "$address" "$project" "$mode" >"$log.sdk" 2>&1; then
    grep -E '^(ok|FAIL) |^[0-9]+ passed, [0-9]+ failed$' "$log.sdk"
  else
    cat "$log.sdk" >&2
    exit 1
  fi
  stop_example
  rm -f "$log" "$log.err" "$log.sdk"
}
run dual --dual-body
run published
