#!/usr/bin/env bash
# Bounded load test of the reward server on 127.0.0.1: math verifications/s through /get_reward
# with CLIENTS concurrent clients sending batches of BATCH items for SECONDS, and p50/p99 latency.
# Starts the release server on a free port, runs the client, stops the server with SIGTERM.
# Usage: bash Benchmarks/serve_load.sh [SECONDS=20] [CLIENTS=8] [BATCH=256] [-- extra serve options]
# FIXTURE=path.jsonl picks the gold/answer pairs (default fixtures/math/labelled.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/serve_lib.sh
seconds=${1:-20}
clients=${2:-8}
batch=${3:-256}
shift $(( $# < 3 ? $# : 3 ))
[ "${1:-}" = "--" ] && shift
swift build -c release --product score-verify >/dev/null
log=$(mktemp)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
start_server .build/release/score-verify "$log" --no-code "$@"
timeout $(( ${seconds%.*} + 120 )) python3 Benchmarks/serve_load.py --port "$port" --seconds "$seconds" \
  --clients "$clients" --batch "$batch" --fixture "${FIXTURE:-fixtures/math/labelled.jsonl}"
