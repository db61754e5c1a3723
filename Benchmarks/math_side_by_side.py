#!/usr/bin/env python3
"""Side by side: HuggingFace math-verify 0.9.0 and `score-verify math` on one labelled JSONL file.

Run through Benchmarks/math_side_by_side.sh, which makes the venv and builds ours. This helper:
  1. runs math-verify in a worker process (`parse(gold)`, `parse(answer)`, `verify(gold, answer)`),
     item by item, with math-verify's own timeouts, an address-space limit, a hard per-item
     watchdog (the worker is killed and restarted if an item overruns: math-verify's signal-based
     timeouts cannot interrupt a huge integer power) and an overall time cap;
  2. runs `score-verify math --input FILE --jobs 1` once over the same file, and
     `score-verify bench math --input FILE --json` if that subcommand exists;
  3. prints accuracy against the labels (overall and per rule), verifications per second and the
     throughput ratio, and writes every item where either tool misses its label to a JSONL file.

A verdict counts as "equal" only when the tool said so; errors, timeouts and kills count as
"not equal" (reward 0), which is also what a trainer would get.

math-verify reads LaTeX only inside math delimiters or \\boxed{}, so a bare string such as
`\\sqrt{8}` is invisible to it. Mode `dollar` (the fair default) wraps bare strings (no `$`, no
newline, no `\\boxed`, no answer marker) in `$...$`; mode `raw` passes every string unchanged.
As a further anchor, `mathruler` (PyPI) packages OpenAI's PRM800K grader; it grades bare answers,
so the last `\\boxed{}` is taken out of a response first, as EasyR1 does.
"""

import argparse
import json
import multiprocessing as mp
import os
import re
import subprocess
import sys
import time
from collections import defaultdict

MARKER = re.compile(r"\$|\n|\\boxed|\\fbox|answer|####", re.IGNORECASE)


def delimited(text, mode):
    """The string handed to math-verify's parse in the given mode."""
    if mode == "dollar" and text.strip() and not MARKER.search(text):
        return f"${text}$"
    return text


# ------------------------------------------------------------------ Python graders, in a worker

PYTHON_TOOLS = ("mv-dollar", "mv-raw", "mathruler")


def load_grader(tool, parse_timeout, verify_timeout):
    """Returns a function (gold, answer) -> (equal, detail) for one Python tool."""
    if tool.startswith("mv-"):
        from math_verify import parse, verify
        mode = tool[3:]

        def grade(gold, answer):
            gold_parsed = parse(delimited(gold, mode), parsing_timeout=parse_timeout)
            answer_parsed = parse(delimited(answer, mode), parsing_timeout=parse_timeout)
            equal = verify(gold_parsed, answer_parsed, timeout_seconds=verify_timeout)
            return bool(equal), [str(gold_parsed)[:120], str(answer_parsed)[:120]]
        return grade
    if tool == "mathruler":
        # The PRM800K grader as packaged by mathruler: it grades a bare answer, so a boxed answer
        # is taken out of a response first (the same extraction EasyR1 uses).
        from mathruler.grader import extract_boxed_content, grade_answer

        def grade(gold, answer):
            given = extract_boxed_content(answer) if "\\boxed{" in answer else answer
            return bool(grade_answer(given, gold)), [given[:120]]
        return grade
    raise ValueError(tool)


def grader_worker(conn, tool, parse_timeout, verify_timeout, memory_bytes):
    """Receives (index, gold, answer) and answers (index, verdict, seconds)."""
    import resource
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    import logging
    logging.disable(logging.CRITICAL)   # math-verify logs every timeout with the whole input
    grade = load_grader(tool, parse_timeout, verify_timeout)
    conn.send(("ready",))
    while True:
        message = conn.recv()
        if message is None:
            return
        index, gold, answer = message
        started = time.perf_counter()
        try:
            equal, detail = grade(gold, answer)
            verdict = {"equal": equal, "parsed": detail}
        except BaseException as error:  # MemoryError, RecursionError, TimeoutException, ...
            verdict = {"equal": False, "error": f"{type(error).__name__}: {str(error)[:120]}"}
        conn.send((index, verdict, time.perf_counter() - started))


class GraderRunner:
    """Runs items through one tool in a worker process, restarting it when an item overruns."""

    def __init__(self, args, tool, deadline):
        self.args = args
        self.tool = tool
        self.deadline = deadline
        self.context = mp.get_context("fork")
        self.process = None
        self.conn = None

    def start(self):
        parent, child = self.context.Pipe()
        self.process = self.context.Process(
            target=grader_worker,
            args=(child, self.tool, self.args.mv_parse_timeout, self.args.mv_verify_timeout,
                  self.args.mv_memory_mb * 1024 * 1024),
            daemon=True)
        self.process.start()
        self.conn = parent
        if not parent.poll(120):
            raise RuntimeError(f"{self.tool} worker did not start within 120 s")
        parent.recv()

    def stop(self):
        if self.process is not None and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(2)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.process = None

    def restart(self):
        if self.process is not None:
            self.process.kill()
            self.process.join()
        self.start()

    def run(self, records):
        """Returns ({index: verdict}, wall seconds, seconds inside the grader, stopped_early)."""
        results, compute = {}, 0.0
        self.start()
        started = time.perf_counter()
        stopped_early = False
        for index, record in records:
            if time.perf_counter() > self.deadline:
                stopped_early = True
                break
            item_started = time.perf_counter()
            self.conn.send((index, record["gold"], record["answer"]))
            verdict = None
            if self.conn.poll(self.args.mv_item_watchdog):
                try:
                    _, verdict, seconds = self.conn.recv()
                except EOFError:   # the worker died (e.g. the kernel's OOM killer)
                    pass
            if verdict is None:
                seconds = time.perf_counter() - item_started
                verdict = {"equal": False, "error": f"killed after {seconds:.1f} s (watchdog)"}
                self.restart()
            compute += seconds
            results[index] = verdict
        wall = time.perf_counter() - started
        self.stop()
        return results, wall, compute, stopped_early


# ------------------------------------------------------------------ ours

def run_ours(args, path):
    """Runs `score-verify math --input path --jobs N`; returns ({line index: output}, wall) or None."""
    binary = args.binary
    if not binary or not os.path.exists(binary):
        print(f"ours: binary {binary!r} not found; skipping our side", file=sys.stderr)
        return None
    started = time.perf_counter()
    done = subprocess.run([binary, "math", "--input", path, "--jobs", str(args.jobs)],
                          capture_output=True, text=True, timeout=args.ours_timeout)
    wall = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout.strip():
        # exit 64 from argument-parser: this build has no `score-verify math` yet
        print(f"ours: `score-verify math` failed (exit {done.returncode}): {done.stderr.strip()[:300]}; "
              "skipping our side", file=sys.stderr)
        return None
    outputs = {}
    for index, line in enumerate(done.stdout.splitlines()):
        try:
            outputs[index] = json.loads(line)
        except json.JSONDecodeError:
            outputs[index] = {"error": "unparseable output line", "raw": line[:200]}
    with open(path, encoding="utf-8") as f:
        expected_lines = sum(1 for line in f if line.strip())
    if len(outputs) != expected_lines:
        print(f"ours: {len(outputs)} output lines for {expected_lines} input lines (contract: one per line)",
              file=sys.stderr)
    return outputs, wall


def run_ours_bench(args, path):
    """Runs `score-verify bench math --input path --json` if it exists; returns parsed JSON or None."""
    binary = args.binary
    if not binary or not os.path.exists(binary):
        return None
    command = [binary, "bench", "math", "--input", path, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.ours_timeout)
    if done.returncode != 0:
        print(f"ours: `score-verify bench math` not available or failed (exit {done.returncode}); skipped",
              file=sys.stderr)
        return None
    text = done.stdout.strip()
    try:
        return {"command": " ".join(command), "json": json.loads(text)}
    except json.JSONDecodeError:
        lines = [line for line in text.splitlines() if line.strip().startswith("{")]
        try:
            return {"command": " ".join(command), "json": json.loads(lines[-1])}
        except (IndexError, json.JSONDecodeError):
            return {"command": " ".join(command), "raw": text[:2000]}


def ours_equal(output):
    """Our verdict as a boolean: reward 1 means equal; anything else (errors included) is not."""
    if output is None or ("error" in output and output.get("reward") != 1):
        return False
    reward = output.get("reward")
    if isinstance(reward, (int, float)):
        return reward == 1
    return output.get("equal") is True


# ------------------------------------------------------------------ report

def rate(count, seconds):
    return count / seconds if seconds > 0 else float("inf")


def percent(hits, total):
    return f"{100.0 * hits / total:5.1f}%" if total else "   - "


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labelled", default="fixtures/math/labelled.jsonl",
                        help="labelled JSONL: id, gold, answer, expected, rule (default: %(default)s)")
    parser.add_argument("--binary", default=".build/release/score-verify",
                        help="our CLI (default: %(default)s); skipped if missing or without `math`")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs for our CLI run (default: %(default)s)")
    parser.add_argument("--tools", default="mv-dollar,mv-raw,mathruler",
                        help="Python graders to run, comma-separated, from: " + ", ".join(PYTHON_TOOLS)
                        + " (default: %(default)s; mathruler is skipped when not installed)")
    parser.add_argument("--mv-parse-timeout", type=int, default=5,
                        help="math-verify parsing_timeout per parse, seconds (default: %(default)s)")
    parser.add_argument("--mv-verify-timeout", type=int, default=5,
                        help="math-verify verify timeout_seconds, seconds (default: %(default)s)")
    parser.add_argument("--mv-item-watchdog", type=float, default=20.0,
                        help="hard wall limit per item and tool; the worker is then killed (default: %(default)s)")
    parser.add_argument("--total-cap", type=float, default=900.0,
                        help="overall seconds for all Python graders; items left over are not run and are "
                        "left out of the comparison (default: %(default)s)")
    parser.add_argument("--mv-memory-mb", type=int, default=4096,
                        help="address-space limit of each grader worker in MiB (default: %(default)s)")
    parser.add_argument("--subset-every", type=int, default=1,
                        help="compare only every k-th item (deterministic subset; default: all)")
    parser.add_argument("--ours-timeout", type=float, default=600.0,
                        help="seconds allowed for each of our CLI runs (default: %(default)s)")
    parser.add_argument("--disagreements", default="Benchmarks/out/math_side_by_side_disagreements.jsonl",
                        help="where to write items that any tool gets wrong (default: %(default)s)")
    args = parser.parse_args()
    tools = [tool.strip() for tool in args.tools.split(",") if tool.strip()]
    for tool in tools:
        if tool not in PYTHON_TOOLS:
            parser.error(f"unknown tool {tool!r}; choose from {', '.join(PYTHON_TOOLS)}")
    if args.subset_every < 1:
        parser.error("--subset-every must be at least 1")

    import importlib.metadata
    versions = {}
    for tool in list(tools):
        package = "math-verify" if tool.startswith("mv-") else "mathruler"
        try:
            versions[tool] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            if package == "math-verify":
                sys.exit("math-verify is not installed in this interpreter; run Benchmarks/math_side_by_side.sh")
            print(f"{tool}: {package} is not installed; skipped", file=sys.stderr)
            tools.remove(tool)

    with open(args.labelled, encoding="utf-8") as f:
        all_records = [json.loads(line) for line in f if line.strip()]
    chosen = [(i, r) for i, r in enumerate(all_records) if i % args.subset_every == 0]
    out_dir = os.path.dirname(args.disagreements) or "."
    os.makedirs(out_dir, exist_ok=True)
    subset_path = args.labelled
    if args.subset_every > 1:
        subset_path = os.path.join(out_dir, "math_side_by_side_subset.jsonl")
        with open(subset_path, "w", encoding="utf-8") as f:
            for _, record in chosen:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"labelled file: {args.labelled} ({len(all_records)} items; comparing {len(chosen)}"
          f"{'' if args.subset_every == 1 else f', every {args.subset_every}th'})")

    # ours first: it is quick, and its figures should not wait behind a slow run
    ours = run_ours(args, subset_path)
    bench = run_ours_bench(args, subset_path) if ours is not None else None
    ours_by_index = {}
    if ours is not None:
        outputs, ours_wall = ours
        for position, (index, _) in enumerate(chosen):
            ours_by_index[index] = outputs.get(position)

    deadline = time.perf_counter() + args.total_cap
    runs = {}
    for tool in tools:
        print(f"running {tool} ...", file=sys.stderr, flush=True)
        runs[tool] = GraderRunner(args, tool, deadline).run(chosen)
    # compare on the items every tool finished
    ran = [(i, r) for i, r in chosen if all(i in runs[tool][0] for tool in tools)]
    columns = tools + (["ours"] if ours is not None else [])

    def verdict(tool, index):
        if tool == "ours":
            return ours_equal(ours_by_index.get(index))
        return runs[tool][0][index]["equal"]

    per_rule = defaultdict(lambda: defaultdict(int))
    totals = defaultdict(int)
    for index, record in ran:
        rule = record.get("rule", "?")
        per_rule[rule]["n"] += 1
        for tool in columns:
            hit = verdict(tool, index) == bool(record["expected"])
            per_rule[rule][tool] += hit
            totals[tool] += hit

    print("\n" + "; ".join(f"{tool}: {versions[tool]}" for tool in tools))
    if len(ran) < len(chosen):
        print(f"overall cap of {args.total_cap:.0f} s reached: {len(chosen) - len(ran)} items left out")
    for tool in tools:
        verdicts = runs[tool][0]
        killed = sum(1 for v in verdicts.values() if "watchdog" in v.get("error", ""))
        errors = sum(1 for v in verdicts.values() if "error" in v)
        print(f"{tool}: {errors} items raised or timed out, {killed} of them killed by the watchdog")
    if ours is not None:
        statuses = defaultdict(int)
        for index, _ in ran:
            statuses[(ours_by_index.get(index) or {}).get("status", "?")] += 1
        print("ours: statuses " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))

    header = f"{'rule':22s} {'n':>4s} " + " ".join(f"{tool:>10s}" for tool in columns)
    print("\naccuracy against the labels\n" + header + "\n" + "-" * len(header))
    for rule in sorted(per_rule):
        row = per_rule[rule]
        print(f"{rule:22s} {row['n']:4d} " + " ".join(f"{percent(row[tool], row['n']):>10s}" for tool in columns))
    print("-" * len(header))
    print(f"{'overall':22s} {len(ran):4d} " + " ".join(f"{percent(totals[tool], len(ran)):>10s}" for tool in columns))
    print(f"{'(correct items)':22s} {'':4s} " + " ".join(f"{totals[tool]:>10d}" for tool in columns))

    print("\nthroughput, one thread each (Python graders: time inside the grader call, one process)")
    python_rates = {}
    for tool in tools:
        verdicts, wall, compute, _ = runs[tool]
        python_rates[tool] = rate(len(verdicts), compute)
        print(f"  {tool:10s} {len(verdicts)} verifications in {compute:7.2f} s = {python_rates[tool]:8.1f}/s"
              f"  (pass wall time {wall:.2f} s)")
    if ours is not None:
        ours_rate = rate(len(chosen), ours_wall)
        print(f"  ours CLI   {len(chosen)} verifications in {ours_wall:7.3f} s = {ours_rate:8.0f}/s"
              f"  (`score-verify math --input FILE --jobs {args.jobs}`, whole process incl. start-up)")
        for tool, tool_rate in python_rates.items():
            print(f"  ratio ours CLI / {tool}: {ours_rate / tool_rate:.0f}x")
    if bench is not None:
        print(f"  ours, `{bench['command']}`:")
        print("    " + json.dumps(bench.get("json", bench.get("raw")))[:1500])
        figure = find_rate(bench.get("json"))
        if figure:
            for tool, tool_rate in python_rates.items():
                print(f"  ratio ours in-process ({figure[0]} = {figure[1]:.0f}/s) / {tool}: "
                      f"{figure[1] / tool_rate:.0f}x")

    written = 0
    with open(args.disagreements, "w", encoding="utf-8") as f:
        for index, record in ran:
            verdicts = {tool: verdict(tool, index) for tool in columns}
            if all(v == bool(record["expected"]) for v in verdicts.values()):
                continue
            entry = {"id": record.get("id"), "rule": record.get("rule"), "expected": record["expected"],
                     "verdicts": verdicts, "gold": record["gold"][:300], "answer": record["answer"][-300:]}
            if ours is not None:
                out = ours_by_index.get(index) or {}
                # `decided_by` names our deciding rule; the input's `rule` (the category) is echoed unchanged
                entry["ours"] = {k: v for k, v in out.items()
                                 if k == "decided_by" or (k not in record and k not in ("answer", "response", "gold"))}
            for tool in tools:
                entry[tool] = runs[tool][0][index]
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            written += 1
    print(f"\n{written} items where at least one tool misses its label: {args.disagreements}")


def find_rate(value, path=""):
    """Finds the first numeric field whose name looks like a per-second rate in the bench JSON."""
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else key
            if isinstance(item, (int, float)) and re.search(r"per_?s(ec(ond)?)?$|PerSec(ond)?$|/s$|rate",
                                                            key, re.IGNORECASE):
                return name, float(item)
            found = find_rate(item, name)
            if found:
                return found
    elif isinstance(value, list):
        for position, item in enumerate(value):
            found = find_rate(item, f"{path}[{position}]")
            if found:
                return found
    return None


if __name__ == "__main__":
    main()
