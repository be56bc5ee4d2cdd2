# Sourced by the SDK checks: `serve_example LOG ARGS...` starts the example server
# (target/debug/examples/server, built by the caller) on a free port of 127.0.0.1 with ARGS,
# its standard output in LOG and standard error in LOG.err, sets `pid` and `address`
# (http://127.0.0.1:PORT), and fails with the log if it does not start within 10 s.
# `stop_example` stops it.
serve_example() {
  local log=$1; shift
  "$root/target/debug/examples/server" --port 0 "$@" >"$log" 2>"$log.err" &
  pid=$!
  address=
  for _ in $(seq 1 100); do
    address=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 || true)
    [[ -n $address ]] && return 0
    sleep 0.1
  done
  echo "the server did not start" >&2
  cat "$log" "$log.err" >&2
  exit 1
}

stop_example() {
  if [[ -n ${pid:-} ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi
}
