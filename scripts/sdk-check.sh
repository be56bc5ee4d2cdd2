#!/usr/bin/env bash
# The official Huawei Cloud Python SDK (huaweicloudsdkvpc, huaweicloudsdkeip and
# huaweicloudsdkcore, one version, pinned in scripts/python-sdk/requirements.txt) against the
# example server started with --faults: every operation's success path and at least one error
# each, the API gateway's rows and rows only a fault produces, each error checked on the
# (status_code, error_code, error_msg) and request id the SDK hands its user. The expected
# texts come from the catalogues themselves, through `vpc-errors list --json`.
# The SDK is installed from PyPI into scripts/python-sdk/.venv (ignored by git), never globally.
#
#   scripts/sdk-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
venv="$root/scripts/python-sdk/.venv"
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r scripts/python-sdk/requirements.txt
cargo build -q -p vpc-errors --features axum,tracing --example server
cargo build -q -p vpc-errors --features cli --bin vpc-errors
cli="$root/target/debug/vpc-errors"
project=0123456789abcdef0123456789abcdef
work="$(mktemp -d)"
# shellcheck source=serve-example.sh
. scripts/serve-example.sh
trap 'stop_example; rm -rf "$work"' EXIT
"$cli" list --json >"$work/vpc.json"
"$cli" list --catalogue vpc-errors/examples/server/gateway.yaml --json >"$work/gateway.json"
serve_example "$work/server.log" --faults
echo "== Python SDK $(grep -o '==.*' scripts/python-sdk/requirements.txt | head -n 1 | tr -d =) against $address (--faults)"
if ! "$venv/bin/python" scripts/python-sdk/check.py "$address" "$project" \
    "$work/vpc.json" "$work/gateway.json"; then
  echo "-- the server's access log:" >&2
  cat "$work/server.log.err" >&2
  exit 1
fi
