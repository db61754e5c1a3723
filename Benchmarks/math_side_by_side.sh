#!/usr/bin/env bash
# Side by side: HuggingFace math-verify 0.9.0 (PyPI, in a venv), the PRM800K grader (PyPI mathruler)
# and `score-verify math`, in one run, on the same labelled file. Prints accuracy against the labels
# (overall and per rule), verifications per second of each and the throughput ratios; writes the items
# any tool gets wrong to Benchmarks/out/math_side_by_side_disagreements.jsonl.
#
#   bash Benchmarks/math_side_by_side.sh                      # the whole fixtures/math/labelled.jsonl
#   bash Benchmarks/math_side_by_side.sh --subset-every 4     # a deterministic quarter of it
#   bash Benchmarks/math_side_by_side.sh --help               # every option of the Python helper
#
# Needs python3-venv (scripts/setup.sh installs it) and PyPI access for the first run.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-mathverify
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv "$venv"
fi
if [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("math-verify"))' 2>/dev/null)" != "0.9.0" ]; then
  # The antlr4-13-2 extra pulls the ANTLR runtime that math-verify's LaTeX parser needs.
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'math-verify[antlr4-13-2]==0.9.0'
fi
# A further anchor, optional: mathruler packages OpenAI's PRM800K grader (its imports pylatexenc and
# tqdm are not declared as dependencies, so they are named here).
if ! "$venv/bin/python" -c 'import mathruler.grader' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check mathruler==0.1.0 pylatexenc==2.11 tqdm \
    || echo "math_side_by_side: mathruler not installed; running without it" >&2
fi

if ! swift build -c release --product score-verify >&2; then
  echo "math_side_by_side: swift build failed; running the math-verify half only" >&2
fi

exec "$venv/bin/python" Benchmarks/math_side_by_side.py --binary .build/release/score-verify "$@"
