#!/usr/bin/env bash
# Measures `score-verify math --input` throughput through the CLI with --jobs 2.
# Replicates the labelled fixture lines to about 200k lines, then times the release binary.
# Usage: bash Benchmarks/math-cli.sh [LINES] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-200000}
jobs=${2:-2}
src=fixtures/math/labelled.jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product score-verify >/dev/null
n=$(wc -l <"$src")
reps=$(( (lines + n - 1) / n ))
for _ in $(seq "$reps"); do cat "$src"; done | head -n "$lines" >"$work/in.jsonl"
start=$(date +%s.%N)
.build/release/score-verify math --input "$work/in.jsonl" --jobs "$jobs" --no-progress >"$work/out.jsonl"
end=$(date +%s.%N)
out=$(wc -l <"$work/out.jsonl")
python3 - "$start" "$end" "$lines" "$out" "$jobs" <<'PY'
import json, sys
start, end, lines, out, jobs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
secs = end - start
print(json.dumps({"bench": "math-cli", "lines": lines, "output_lines": out, "jobs": jobs,
                  "seconds": round(secs, 3), "per_second": round(lines / secs)}))
PY
