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
python3 - "$src" "$lines" "$work/in.jsonl" <<'PY'
import itertools, sys
src, lines, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [l for l in open(src, encoding="utf-8") if l.strip()]
with open(out, "w", encoding="utf-8") as f:
    f.writelines(itertools.islice(itertools.cycle(rows), lines))
PY
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
