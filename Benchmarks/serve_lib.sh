# Shared by the serve benchmarks (source it after `cd` to the repository root).
#
# start_server BIN LOG [serve options...]: starts `BIN serve` on a free loopback port with stderr in
# LOG, waits up to 30 s for its "listening on" line, and sets `server_pid` and `port`. Exits 1 with
# the server's log when it does not start. Callers stop it with SIGTERM in their own EXIT trap.
start_server() {
  local bin=$1 log=$2
  shift 2
  "$bin" serve --host 127.0.0.1 --port 0 "$@" 2>"$log" &
  server_pid=$!
  port=
  for _ in $(seq 1 300); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "$(basename "$0"): the server did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
}
