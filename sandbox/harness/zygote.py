"""The pre-forked interpreter inside score-jail.

Runs as PID 1 of the sandbox's PID namespace, reads one job per JSON line on its stdin and answers
one JSON line per job. Each job runs in fresh forked children that lower their own limits and
install the candidate's seccomp filter before any job code runs:

  function jobs: a candidate process (runs the program, answers calls) and a checker process
                 (reads the tests from fd 3, which only it ever reads, and reports the verdict on
                 a pipe only it holds);
  stdio jobs:    one candidate process with the given stdin; its stdout goes back to the
                 verifier, which compares it with the expected output outside the sandbox.

After every job, every other process in the namespace is killed (kill(-1) from PID 1) and /work
is emptied, so no job sees another's leftovers.
"""

import os
import sys

sys.path.insert(0, "/harness")

import ctypes
import gc
import json
import resource
import select
import shutil
import signal
import time

import candidate
import channel
import checker

# Warm the modules typical solutions and tests import, so each forked job finds them loaded.
import bisect, collections, copy, dataclasses, decimal, fractions, functools, hashlib, heapq  # noqa: E401,F401
import itertools, math, operator, random, re, statistics, string, typing, unittest  # noqa: E401,F401
import traceback  # noqa: F401

LAYERS = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}

# Keep the verifier's pipes away from the low descriptors jobs use.
CONTROL_IN = os.dup2(0, 20)
CONTROL_OUT = os.dup2(1, 21)
try:
    TESTS = os.dup2(3, 22)
    os.close(3)
except OSError:
    TESTS = None
DEVNULL = os.dup2(os.open("/dev/null", os.O_RDWR), 23)
os.dup2(DEVNULL, 0)
os.dup2(DEVNULL, 1)
signal.signal(signal.SIGINT, signal.SIG_IGN)

# The candidate's filter, exported by score-jail as raw BPF (struct sock_filter[]).
_BPF = open("/policy/candidate.bpf", "rb").read()


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


_FILTER_BUFFER = ctypes.create_string_buffer(_BPF, len(_BPF))
_FPROG = _SockFprog(len(_BPF) // 8, ctypes.cast(_FILTER_BUFFER, ctypes.POINTER(_SockFilter)))
_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2


def install_candidate_filter():
    if _LIBC.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(_FPROG), 0, 0) != 0:
        os.write(2, b"score-jail: could not install the candidate filter\n")
        os._exit(121)


def enter_job_process(fds, limits):
    """In a fresh child: only `fds` (mapped to 0, 1, 2, ...) stay open; limits; filter."""
    for target, source in enumerate(fds):
        os.dup2(source, target)
    os.closerange(len(fds), 1 << 20)
    mib = 1 << 20
    memory = int(limits["memory_mb"]) * mib
    cpu = max(1, int(limits["cpu_s"] + 0.999))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    install_candidate_filter()
    sys.stdin = open(0, "r", closefd=False, errors="replace")
    sys.stdout = open(1, "w", closefd=False, errors="backslashreplace")
    sys.stderr = open(2, "w", closefd=False, errors="backslashreplace")


def finish_job_process(code):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os._exit(code)


def read_exact(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("tests pipe closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class Capture:
    """Bounded capture of one output pipe."""

    def __init__(self, fd, limit):
        self.fd, self.limit, self.data, self.exceeded, self.open = fd, limit, bytearray(), False, True

    def pump(self):
        try:
            chunk = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            self.open = False
            return
        room = self.limit - len(self.data)
        if len(chunk) > room:
            self.exceeded = True
            chunk = chunk[:max(room, 0)]
        self.data += chunk

    def text(self, tail=None):
        data = bytes(self.data if tail is None else self.data[-tail:])
        return data.decode("utf-8", "replace")


def sweep():
    """Kills every other process in the namespace and reaps them; returns {pid: (status, rusage)}."""
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    reaped = {}
    while True:
        try:
            pid, status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            return reaped
        except InterruptedError:
            continue
        reaped[pid] = (status, usage)


def _force_remove(function, path, _info):
    parent = os.path.dirname(path) or "/work"
    try:
        os.chmod(parent, 0o700)
        os.chmod(path, 0o700)
    except OSError:
        pass
    function(path)


def empty_workdir():
    for entry in os.scandir("/work"):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, onerror=_force_remove)
        else:
            try:
                os.unlink(entry.path)
            except PermissionError:
                os.chmod("/work", 0o1777)
                os.unlink(entry.path)


def describe_exit(status):
    if status is None:
        return None, None
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status)
    return os.waitstatus_to_exitcode(status), None


def run_function_job(job):
    limits = job["limits"]
    requests_r, requests_w = os.pipe()
    replies_r, replies_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    started = time.monotonic()
    deadline = started + float(limits["wall_s"])

    candidate_pid = os.fork()
    if candidate_pid == 0:
        code = 1
        try:
            enter_job_process([DEVNULL, out_w, err_w, requests_r, replies_w], limits)
            code = candidate.serve_functions(job["program"], job.get("setup", ""), 3, 4)
        except BaseException:
            pass
        finish_job_process(code or 0)

    verdict_r, verdict_w = os.pipe()
    checker_pid = os.fork()
    if checker_pid == 0:
        code = 1
        try:
            for fd in (CONTROL_IN, CONTROL_OUT):
                os.close(fd)
            payload_text = read_exact(TESTS, int(job["tests_len"]))
            channel.send(verdict_w, "ack")
            payload = json.loads(payload_text)
            del payload_text
            enter_job_process([DEVNULL, DEVNULL, DEVNULL, requests_w, replies_r, verdict_w], limits)
            verdict = checker.run(payload, 3, 4)
            verdict["nonce"] = payload["nonce"]
            channel.send(5, json.dumps(verdict))
            code = 0
        except BaseException:
            pass
        os._exit(code)

    for fd in (requests_r, requests_w, replies_r, replies_w, out_w, err_w, verdict_w):
        os.close(fd)
    out = Capture(out_r, int(limits["output_bytes"]))
    err = Capture(err_r, int(limits["output_bytes"]))
    verdict = Capture(verdict_r, 1 << 20)
    timed_out = over = False
    poller = select.poll()
    by_fd = {c.fd: c for c in (out, err, verdict)}
    for fd in by_fd:
        os.set_blocking(fd, False)
        poller.register(fd, select.POLLIN)
    while verdict.open:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        for fd, _event in poller.poll(remaining * 1000):
            capture = by_fd[fd]
            capture.pump()
            if not capture.open:
                poller.unregister(fd)
        if out.exceeded or err.exceeded:
            over = True
            break
    wall = time.monotonic() - started
    reaped = sweep()
    for fd in (out_r, err_r, verdict_r):
        os.close(fd)

    messages, data = [], bytes(verdict.data)
    while len(data) >= 8:
        size = int.from_bytes(data[:8], "big")
        if len(data) < 8 + size:
            break
        messages.append(data[8:8 + size].decode("utf-8", "replace"))
        data = data[8 + size:]
    poisoned = not messages or messages[0] != "ack"
    result = job_result(job, reaped.get(candidate_pid), wall, timed_out, over, err)
    result["checker_exit"], result["checker_signal"] = describe_exit((reaped.get(checker_pid) or (None,))[0])
    result["verdict"] = json.loads(messages[1]) if len(messages) > 1 else None
    result["poisoned"] = poisoned
    return result


def run_stdio_job(job):
    limits = job["limits"]
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    started = time.monotonic()
    deadline = started + float(limits["wall_s"])
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            enter_job_process([in_r, out_w, err_w], limits)
            code = candidate.run_main(job["program"])
        except BaseException:
            pass
        finish_job_process(code)
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    out = Capture(out_r, int(limits["output_bytes"]))
    err = Capture(err_r, int(limits["output_bytes"]))
    pending = memoryview(job.get("stdin", "").encode("utf-8"))
    poller = select.poll()
    by_fd = {out.fd: out, err.fd: err}
    for fd in (out_r, err_r, in_w):
        os.set_blocking(fd, False)
    poller.register(out_r, select.POLLIN)
    poller.register(err_r, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    if pending:
        poller.register(in_w, select.POLLOUT)
    else:
        os.close(in_w)
        in_w = None
    exited = timed_out = over = False
    while not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        for fd, event in poller.poll(remaining * 1000):
            if fd == pidfd:
                exited = True
            elif fd == in_w:
                try:
                    pending = pending[os.write(in_w, pending[:65536]):]
                except (BrokenPipeError, BlockingIOError):
                    pending = pending[:0] if event & (select.POLLERR | select.POLLHUP) else pending
                if not pending:
                    poller.unregister(in_w)
                    os.close(in_w)
                    in_w = None
            else:
                by_fd[fd].pump()
                if not by_fd[fd].open:
                    poller.unregister(fd)
        if out.exceeded or err.exceeded:
            over = True
            break
    if exited:
        for capture in (out, err):
            while capture.open and not capture.exceeded and len(capture.data) <= capture.limit:
                before = len(capture.data)
                capture.pump()
                if len(capture.data) == before:
                    break
        over = out.exceeded or err.exceeded
    wall = time.monotonic() - started
    reaped = sweep()
    for fd in (out_r, err_r, pidfd) + ((in_w,) if in_w is not None else ()):
        os.close(fd)
    result = job_result(job, reaped.get(pid), wall, timed_out, over, err)
    result["stdout"] = out.text()
    return result


def job_result(job, reaped, wall, timed_out, over, err):
    status, usage = reaped if reaped else (None, None)
    exit_code, signal_number = describe_exit(status)
    return {
        "id": job.get("id"),
        "exit": exit_code,
        "signal": signal_number,
        "timed_out": timed_out,
        "output_limit": over,
        "wall_s": round(wall, 6),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 6) if usage else None,
        "peak_mb": round(usage.ru_maxrss / 1024, 3) if usage else None,
        "stderr": err.text(tail=2000),
    }


def main():
    gc.collect()
    gc.freeze()
    ready = {"ready": True, "python": sys.version.split()[0], "pid": os.getpid(), "layers": LAYERS}
    out = os.fdopen(CONTROL_OUT, "w", buffering=1)
    out.write(json.dumps(ready) + "\n")
    control = os.fdopen(CONTROL_IN, "rb")
    for line in control:
        job = json.loads(line)
        try:
            if job["kind"] == "stdio":
                result = run_stdio_job(job)
            else:
                result = run_function_job(job)
            empty_workdir()
        except Exception as error:
            sweep()
            result = {"id": job.get("id"), "sandbox_error": "%s: %s" % (type(error).__name__, error), "poisoned": True}
        out.write(json.dumps(result) + "\n")
        if result.get("poisoned"):
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
