#!/usr/bin/env bash
# Code runs through the reward server against the CLI, side by side in one run: HumanEval's 164
# canonical solutions (fixtures/code/HumanEval.jsonl), 2 sandboxes each:
#   1. `score-verify code --input FILE --jobs 2`;
#   2. `score-verify serve --max-sandboxes 2` on 127.0.0.1, the same records POSTed to
#      /v1/code/run by 4 concurrent clients (41 records a request).
# Prints executions/s of each and the ratio server/CLI. Stops by itself.
# Usage: bash Benchmarks/serve_code.sh [ROUNDS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/serve_lib.sh
rounds=${1:-2}
swift build -c release --product score-jail >/dev/null
swift build -c release --product score-verify >/dev/null
BIN=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
python3 - "$rounds" "$work/records.jsonl" <<'PY'
import json, sys
rounds, out = int(sys.argv[1]), sys.argv[2]
rows = [json.loads(l) for l in open("fixtures/code/HumanEval.jsonl", encoding="utf-8") if l.strip()]
with open(out, "w", encoding="utf-8") as f:
    for _ in range(rounds):
        for r in rows:
            f.write(json.dumps({"task_id": r["task_id"], "prompt": r["prompt"], "completion": r["canonical_solution"],
                                "test": r["test"], "entry_point": r["entry_point"]}) + "\n")
PY
n=$(wc -l <"$work/records.jsonl")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

start=$(date +%s.%N)
"$BIN/score-verify" code --input "$work/records.jsonl" --jobs 2 --no-progress >"$work/cli.jsonl"
end=$(date +%s.%N)
cli_passed=$(grep -c '"status":"passed"' "$work/cli.jsonl" || true)

start_server "$BIN/score-verify" "$work/serve.log" --max-sandboxes 2

timeout 600 python3 - "$port" "$work/records.jsonl" "$start" "$end" "$n" "$cli_passed" <<'PY'
import http.client, json, sys, threading, time
port, path = int(sys.argv[1]), sys.argv[2]
cli_seconds = float(sys.argv[4]) - float(sys.argv[3])
n, cli_passed = int(sys.argv[5]), int(sys.argv[6])
records = [json.loads(l) for l in open(path, encoding="utf-8")]
# Warm the sandboxes as the CLI's run warmed its own (one request, not timed).
warm = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
warm.request("POST", "/v1/code/run", body=json.dumps({"items": records[:2]}), headers={"Content-Type": "application/json"})
warm.getresponse().read()
warm.close()
chunks = [records[i:i + 41] for i in range(0, len(records), 41)]
passed, errors, lock = [0], [], threading.Lock()
def client(mine):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    for chunk in mine:
        c.request("POST", "/v1/code/run", body=json.dumps({"items": chunk}), headers={"Content-Type": "application/json"})
        r = c.getresponse()
        body = r.read()
        with lock:
            if r.status != 200:
                errors.append(f"HTTP {r.status}: {body[:200]!r}")
                continue
            passed[0] += sum(1 for x in json.loads(body)["results"] if x["status"] == "passed")
    c.close()
start = time.perf_counter()
threads = [threading.Thread(target=client, args=(chunks[i::4],)) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
seconds = time.perf_counter() - start
print(json.dumps({"bench": "serve-code", "records": n,
                  "cli_per_s": round(n / cli_seconds, 1), "cli_passed": cli_passed,
                  "server_per_s": round(n / seconds, 1), "server_passed": passed[0],
                  "server_over_cli": round((n / seconds) / (n / cli_seconds), 2), "errors": errors[:3]}))
PY
