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
python3 - "$work/in.jsonl" "$work/out.jsonl" "$lines" "$jobs" <<'PY'
import json, resource, subprocess, sys, time
inp, outp, lines, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t0 = time.monotonic()
with open(outp, "w") as out:
    subprocess.run([".build/release/score-verify", "math", "--input", inp, "--jobs", str(jobs), "--no-progress"],
                   stdout=out, check=True)
secs = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
out_lines = sum(1 for _ in open(outp))
# On a shared machine the wall-clock rate depends on other load; CPU time shows the cost per line.
print(json.dumps({"bench": "math-cli", "lines": lines, "output_lines": out_lines, "jobs": jobs,
                  "seconds": round(secs, 3), "per_second": round(lines / secs),
                  "cpu_seconds": round(cpu, 3), "per_cpu_second": round(lines / cpu)}))
PY
