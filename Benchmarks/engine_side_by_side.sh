#!/usr/bin/env bash
# TinyLM (score-verify bench engine) and the same model in PyTorch on CPU, side by side in one run.
#
#   Benchmarks/engine_side_by_side.sh [--rounds N] [--threads N] [--no-install] [-- extra bench options]
#
# Runs the two engines alternately for N rounds (default 3) on the reference shape (4 layers,
# dim 128, 4 heads, seq 64, batch 32, vocab 64), keeps each engine's best round, and prints one
# JSON line per run plus a final line with the ratios ours / PyTorch (wall-clock and CPU-time).
# Alternating rounds in one run matter because the machine's cores are shared: absolute numbers
# drift with other load, ratios much less.
#
# PyTorch: PyPI has no CPU-only torch build, so `pip install torch` pulls the CUDA wheels (about
# 5.4 GB installed). The script installs it once into .venv-torch (gitignored) unless --no-install,
# ENGINE_BENCH_NO_INSTALL=1 or CI=true; TORCH_VENV=/path picks another venv. When torch cannot be
# imported the script says so, still reports our numbers, and exits 0.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds=3 threads=1 install=1 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --no-install) install=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "engine_side_by_side.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "${ENGINE_BENCH_NO_INSTALL:-0}" = 1 ] && install=0
[ "${CI:-}" = true ] && install=0
shape=(--layers 4 --dim 128 --heads 4 --seq 64 --batch 32 --vocab 64 --threads "$threads")

echo "building score-verify (release)..." >&2
swift build -c release --product score-verify >&2 || { echo "engine_side_by_side.sh: build failed" >&2; exit 1; }
ours="$root/.build/release/score-verify"

venv="${TORCH_VENV:-$root/.venv-torch}"
py="$venv/bin/python"
if ! "$py" -c 'import torch' 2>/dev/null; then
  if [ "$install" = 1 ]; then
    echo "installing torch into $venv (PyPI has only CUDA builds: several GB, once)..." >&2
    /usr/bin/python3 -m venv "$venv" >&2 && "$venv/bin/pip" install --quiet torch >&2
  fi
fi
have_torch=0
if "$py" -c 'import torch' 2>/dev/null; then have_torch=1; else
  echo "torch: ABSENT (not importable from $venv); reporting TinyLM only" >&2
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for r in $(seq 1 "$rounds"); do
  "$ours" bench engine "${shape[@]}" --json "${extra[@]}" | sed "s/^{/{\"engine\":\"tinylm\",\"round\":$r,/" | tee -a "$log"
  if [ "$have_torch" = 1 ]; then
    "$py" Benchmarks/engine_torch.py "${shape[@]}" | sed "s/^{/{\"engine\":\"pytorch\",\"round\":$r,/" | tee -a "$log"
  fi
done

/usr/bin/python3 - "$log" "$have_torch" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
summaries = {}
for r in rows:
    if r.get("phase") == "summary":
        summaries.setdefault(r["engine"], []).append(r)
ours = summaries.get("tinylm", [])
theirs = summaries.get("pytorch", [])
out = {"phase": "side_by_side", "rounds": len(ours)}
# Each engine's best round (by train tokens/s); the sgemm fraction is that round's own.
if ours:
    best = max(ours, key=lambda r: r["train_tokens_per_s"])
    for k in ("forward_tokens_per_s", "train_tokens_per_s", "forward_tokens_per_cpu_s", "train_tokens_per_cpu_s",
              "sgemm_peak_gflops", "fraction_of_sgemm_peak", "sgemm_peak_gflops_cpu_time", "fraction_of_sgemm_peak_cpu_time"):
        out["tinylm_" + k] = best.get(k)
if sys.argv[2] == "1" and theirs:
    tb = max(theirs, key=lambda r: r["train_tokens_per_s"])
    for k in ("forward_tokens_per_s", "train_tokens_per_s", "forward_tokens_per_cpu_s", "train_tokens_per_cpu_s"):
        out["pytorch_" + k] = tb[k]
    def ratio(k):
        return round(max(r[k] for r in ours) / max(r[k] for r in theirs), 2)
    out["train_ratio"] = ratio("train_tokens_per_s")
    out["forward_ratio"] = ratio("forward_tokens_per_s")
    out["train_ratio_cpu_time"] = ratio("train_tokens_per_cpu_s")
    out["forward_ratio_cpu_time"] = ratio("forward_tokens_per_cpu_s")
    # Ratios of the adjacent runs of each round (ours, then PyTorch right after).
    out["train_ratio_per_round"] = [round(a["train_tokens_per_s"] / b["train_tokens_per_s"], 2) for a, b in zip(ours, theirs)]
    out["train_ratio_cpu_time_per_round"] = [
        round(a["train_tokens_per_cpu_s"] / b["train_tokens_per_cpu_s"], 2) for a, b in zip(ours, theirs)]
else:
    out["pytorch"] = "absent"
print(json.dumps(out))
PY
