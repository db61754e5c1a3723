"""The pre-forked interpreter inside score-jail.

Runs as PID 1 of the sandbox's PID namespace, reads one job per JSON line on its stdin and answers
one JSON line per job.

  function jobs: the candidate runs in a freshly forked process (its own limits and seccomp
                 filter, its own process group) that only answers calls; the tests run in the
                 checker, a separate long-lived process forked before any job, which alone reads
                 the test payloads (fd 3) and reports on a pipe only it holds. Each job's call
                 pipes are new and handed to the checker over a Unix socket, so the checker sees
                 end-of-file as soon as the candidate dies.
  stdio jobs:    one candidate process with the given stdin; its stdout goes back to the
                 verifier, which compares it with the expected output outside the sandbox.

The zygote itself never holds a test: a candidate forked from it cannot find one in its memory.
After every job the candidate's whole process group is killed and reaped (the candidate filter
has no setpgid/setsid, so no descendant can leave the group) and /work is emptied.
"""

import os
import sys

sys.path.insert(0, "/harness")

import ctypes
import fcntl
import gc
import json
import resource
import select
import signal
import _signal
import socket
import time
import types

import candidate
import channel
import checker
import plaindata

# Warm what most solutions and tests import, so each forked job finds it loaded. Kept small:
# every resident page makes each fork and exit slower. Not `random`: it registers an at-fork hook
# that reseeds in every child (measured ~0.2-0.3 ms and ~45 page faults per job); the checker
# imports it once for itself, and a program that needs it imports it fresh.
import bisect, collections, copy, functools, heapq, itertools, math, operator, re, string, typing  # noqa

LAYERS = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}

# Keep the verifier's pipes away from the low descriptors jobs use.
CONTROL_IN = os.dup2(0, 20)  # below the smallest RLIMIT_NOFILE the jail allows
CONTROL_OUT = os.dup2(1, 21)
try:
    TESTS = os.dup2(3, 22)
    os.close(3)
except OSError:
    TESTS = None
# Programs arrive on their own pipe and are read only by the forked process that runs them, so
# the zygote never holds a program's text (a later program scanning its inherited memory finds
# no earlier program, just as it finds no test).
try:
    PROGRAMS = os.dup2(4, 24)
    os.close(4)
except OSError:
    PROGRAMS = None
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
# Resolved here, once: looked up in each job process instead, ctypes would build and cache a new
# function object there (and copy the pages it writes to) every time.
_PRCTL = _LIBC.prctl
_FPROG_REF = ctypes.byref(_FPROG)
# One malloc arena per two threads at most: glibc otherwise reserves 64 MiB of address space per
# thread, and threaded programs would hit RLIMIT_AS long before using real memory.
_LIBC.mallopt(-8, 2)  # M_ARENA_MAX


def install_candidate_filter():
    if _PRCTL(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, _FPROG_REF, 0, 0) != 0:
        os.write(2, b"score-jail: could not install the candidate filter\n")
        os._exit(121)


def enter_job_process(fds, limits, cpu_limit=True, candidate_filter=True):
    """In a fresh child: only `fds` (mapped to 0, 1, 2, ...) stay open; limits; filter."""
    staged = [fcntl.fcntl(source, fcntl.F_DUPFD, len(fds)) for source in fds]
    for target, source in enumerate(staged):
        os.dup2(source, target)
    os.closerange(len(fds), 1 << 20)
    if limits.get("memory_mb"):
        memory = int(limits["memory_mb"]) << 20
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if cpu_limit:
        cpu = max(1, int(limits["cpu_s"] + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)  # not signal.signal: its enum wrapping runs Python code
    if candidate_filter:
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


def sweep(group):
    """Kills a job's whole process group and reaps it; returns {pid: (status, rusage)}. The job
    process (pid = group) is the forker's child, reaped there; its own children, orphaned when it
    dies, are ours (PID 1)."""
    reaped = {}
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass
    reaped[group] = FORKER.reap(group)
    deadline = time.monotonic() + SWEEP_TIMEOUT
    while True:
        if time.monotonic() > deadline:
            raise RuntimeError("a job's process group would not die")
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            while True:
                pid, status, usage = os.wait4(-group, 0)
                reaped[pid] = (status, usage)
        except ChildProcessError:
            pass
        except InterruptedError:
            continue
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return reaped
        time.sleep(0.0005)  # a member not yet dead (or not ours to reap): look again shortly


def empty_workdir():
    """Empties /work whatever a program left there (any depth, any width, any modes) and gives
    /work back its mode 1777. Each directory is listed once; the walk holds at most two
    descriptors (one per level would run out past RLIMIT_NOFILE) and changes modes only through
    descriptors (fchmod, fchmodat). Every process of the job is dead by now, so nothing races."""
    directory = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    fd = os.open("/work", directory)
    # One entry per level below /work: (name of that directory, its siblings still to empty).
    path = []
    try:
        pending = _clear_files(fd, 0o1777)
        while True:
            if pending:
                below = pending.pop()
                os.chmod(below, 0o700, dir_fd=fd)
                child = os.open(below, directory, dir_fd=fd)
                os.close(fd)
                fd = child
                path.append((below, pending))
                pending = _clear_files(fd, 0o700)
                continue
            if not path:
                return
            parent = os.open("..", directory, dir_fd=fd)
            os.close(fd)
            fd = parent
            name, pending = path.pop()
            os.rmdir(name, dir_fd=fd)
    finally:
        os.close(fd)


def _clear_files(fd, mode):
    """Sets the directory's mode, unlinks everything in it but subdirectories; returns those."""
    os.fchmod(fd, mode)
    with os.scandir(fd) as entries:
        listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
    subdirectories = []
    for name, is_dir in listed:
        if is_dir:
            subdirectories.append(name)
        else:
            os.unlink(name, dir_fd=fd)
    return subdirectories


def describe_exit(status):
    if status is None:
        return None, None
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status)
    return os.waitstatus_to_exitcode(status), None


class Checker:
    """The long-lived checker process and the zygote's ends of its channels."""

    def __init__(self):
        self.pid = None
        self.start()

    def start(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        verdict_r, verdict_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                ours.close()
                os.close(verdict_r)
                checker_loop(theirs, verdict_w)
                code = 0
            except BaseException:
                import traceback
                try:
                    channel.send(4, json.dumps({"checker_error": traceback.format_exc()[-1500:]}))
                except BaseException:
                    pass
            os._exit(code)
        theirs.close()
        os.close(verdict_w)
        self.pid, self.socket, self.verdicts = pid, ours, verdict_r
        os.set_blocking(verdict_r, False)

    def check_health(self):
        """Replaces the checker if a job's program stopped or killed it."""
        try:
            done, _status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
        except ChildProcessError:
            done = self.pid
        if done != 0:
            self.restart()

    def restart(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.socket.close()
        os.close(self.verdicts)
        self.start()


def checker_loop(sock, verdict_w):
    """The checker process: for each job, the tests from fd 3, the call pipes from the socket."""
    import random  # noqa: F401  (tests often use it; imported once here, never in the zygote)
    sock_fd = sock.fileno()
    limits = {}  # the zygote's own address-space limit and the sandbox cgroup bound it
    # Trusted code: it keeps the harness filter (it needs recvmsg for the pipes), not the candidate's.
    enter_job_process([DEVNULL, DEVNULL, DEVNULL, TESTS, verdict_w, sock_fd], limits, cpu_limit=False, candidate_filter=False)
    sock = socket.socket(fileno=5)
    while True:
        message, fds, _flags, _address = socket.recv_fds(sock, 4096, 2)
        if not message:
            return
        header = json.loads(message)
        payload = json.loads(read_exact(3, int(header["tests_len"])))
        requests_w, replies_r = fds
        if payload.get("ticket") != header["ticket"]:
            raise RuntimeError("test payload out of step with its job")
        try:
            verdict = checker.run(payload, requests_w, replies_r)
        except Exception as error:
            verdict = {"passed": 0, "total": 1, "outcome": "test_error", "message": str(error)[:500], "calls": 0}
        finally:
            os.close(requests_w)
            os.close(replies_r)
        verdict["nonce"] = payload["nonce"]
        verdict["job"] = header["job"]
        del payload
        channel.send(4, json.dumps(verdict))


CHECKER = None
FORKER = None
JOB_COUNTER = 0
_FIONREAD = 0x541B


def tests_pending():
    """Bytes waiting unread in the tests pipe."""
    return int.from_bytes(fcntl.ioctl(TESTS, _FIONREAD, b"\0\0\0\0"), sys.byteorder)


def programs_pending():
    """Bytes waiting unread in the programs pipe (a job process died before reading its program)."""
    return int.from_bytes(fcntl.ioctl(PROGRAMS, _FIONREAD, b"\0\0\0\0"), sys.byteorder)


class Forker:
    """The process that forks every job process. It is forked from the zygote before the first
    job, so its memory holds no job's data, and neither does any job process it forks: a program
    cannot find an earlier job's stdin, stdout, stderr or verdict in its inherited memory or call
    stack (the zygote itself handles all of these). It tells the zygote each job process's pid
    (with the zygote's ends of its pipes) and, when it exits, its status and resource usage."""

    def __init__(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                ours.close()
                forker_loop(theirs)
                code = 0
            except BaseException:
                pass
            os._exit(code)
        theirs.close()
        self.pid, self.socket, self.reports = pid, ours, {}

    def _receive(self, timeout):
        if not select.select([self.socket], [], [], max(timeout, 0))[0]:
            raise RuntimeError("the forker did not answer")
        message, fds, _flags, _address = socket.recv_fds(self.socket, 256, 8)
        if not message:
            raise RuntimeError("the forker is gone")
        fields = message.decode().split()
        if fields[0] == "reaped":
            for fd in fds:
                os.close(fd)
            usage = types.SimpleNamespace(ru_utime=float(fields[3]), ru_stime=float(fields[4]), ru_maxrss=int(fields[5]))
            self.reports[int(fields[1])] = (int(fields[2]), usage)
        return fields, fds

    def fork(self):
        """A new job process: (pid, [stdin_w, out_r, err_r, requests_w, replies_r])."""
        self.socket.sendmsg([b"fork"])
        deadline = time.monotonic() + FORKER_TIMEOUT
        while True:
            fields, fds = self._receive(deadline - time.monotonic())
            if fields[0] == "forked":
                if len(fds) != 5:
                    raise RuntimeError("the forker sent %d descriptors" % len(fds))
                return int(fields[1]), fds

    def has_exited(self, pid):
        """Whether the forker has reported `pid` dead (reads the reports waiting, never blocks)."""
        while select.select([self.socket], [], [], 0)[0]:
            self._receive(0)
        return pid in self.reports

    def reap(self, pid):
        """Waits (bounded) for the forker's report of `pid`'s exit: (status, usage)."""
        deadline = time.monotonic() + FORKER_TIMEOUT
        while pid not in self.reports:
            self._receive(deadline - time.monotonic())
        return self.reports.pop(pid)


FORKER_TIMEOUT = 5.0
SWEEP_TIMEOUT = 5.0


def forker_loop(sock):
    """The forker process: forks a job process per request, reports each one's exit."""
    for fd in (CONTROL_IN, CONTROL_OUT) + ((TESTS,) if TESTS is not None else ()):
        os.close(fd)
    # Descriptors 0-5 stay taken here, so a job's pipes are made above the numbers its process
    # moves them to and it can move them in one step each (spare_main).
    for fd in range(JOB_FDS):
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(DEVNULL, fd)
    sock_fd = sock.fileno()
    waiting = {}
    poller = select.poll()
    poller.register(sock_fd, select.POLLIN)
    while True:
        for fd, _event in poller.poll():
            if fd == sock_fd:
                if not sock.recvmsg(16)[0]:
                    return
                pid, theirs = fork_job_process()
                try:
                    socket.send_fds(sock, [b"forked %d" % pid], theirs)
                finally:
                    for f in theirs:
                        os.close(f)
                pidfd = os.pidfd_open(pid)
                waiting[pidfd] = pid
                poller.register(pidfd, select.POLLIN)
            else:
                pid = waiting.pop(fd)
                poller.unregister(fd)
                os.close(fd)
                _pid, status, usage = os.wait4(pid, 0)
                sock.sendmsg([b"reaped %d %d %r %r %d" % (pid, status, usage.ru_utime, usage.ru_stime, usage.ru_maxrss)])
                # Job processes are forked from this frame: keep no earlier job's figures in it.
                del _pid, status, usage


JOB_FDS = 6  # stdin, stdout, stderr, requests, replies, programs


def fork_job_process():
    """In the forker: the pipes and the job process; returns its pid and the zygote's ends."""
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    requests_r, requests_w = os.pipe()
    replies_r, replies_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = spare_main([stdin_r, out_w, err_w, requests_r, replies_w, PROGRAMS])
        except BaseException:
            pass
        finish_job_process(code or 0)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    for fd in (stdin_r, out_w, err_w, requests_r, replies_w):
        os.close(fd)
    return pid, [stdin_w, out_r, err_r, requests_w, replies_r]


class Spare:
    """A job process forked ahead of time (by the forker), while the zygote is idle: it has its
    descriptors, its own process group and the candidate filter, and waits for its program on
    the programs pipe. It is forked only after the previous job's processes are all dead, so no
    earlier program can signal it."""

    def __init__(self):
        self.pid, fds = FORKER.fork()
        self.stdin_w, self.out_r, self.err_r, self.requests_w, self.replies_r = fds

    def is_ready(self):
        """False if it died while waiting."""
        return not FORKER.has_exited(self.pid)

    def discard(self):
        sweep(self.pid)
        for fd in (self.stdin_w, self.out_r, self.err_r, self.requests_w, self.replies_r):
            try:
                os.close(fd)
            except OSError:
                pass


def spare_main(fds):
    """In the spare: descriptors, filter, then the program and its limits, then run it."""
    global JOB_STREAMS
    os.setpgid(0, 0)
    if min(fds) < len(fds):  # a descriptor sits where another goes: move them all out of the way
        fds = [fcntl.fcntl(source, fcntl.F_DUPFD, len(fds)) for source in fds]
    for target, source in enumerate(fds):
        os.dup2(source, target)
    os.closerange(len(fds), 1 << 20)
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)  # not signal.signal: its enum wrapping runs Python code
    install_candidate_filter()
    # Wait for the zygote's go (one byte on the call pipe) before reading a program: a spare
    # that read a program the moment it arrived could run it and die before the zygote took it
    # for the job, and the zygote would then hand the job to a fresh spare whose program was gone.
    if os.read(3, 1) != GO:
        return 1
    source = plaindata.parse(channel.receive(5))
    os.close(5)
    limits = source["limits"]
    memory = int(limits["memory_mb"]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(limits["cpu_s"] + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    sys.stdin, sys.stdout, sys.stderr = JOB_STREAMS
    # sys.* hold the only references now: a program that rebinds one drops the stream, which
    # is flushed then (as a stream made here would be), not lost with unflushed output.
    JOB_STREAMS = None
    if source.get("kind") == "stdio":
        return candidate.run_main(source["program"])
    return candidate.serve_functions(source["program"], source.get("setup", ""), 3, 4)


SPARE = None
JOB_STREAMS = None


def make_job_streams():
    """The text streams a job process takes as sys.stdin, sys.stdout and sys.stderr, made once
    here (on fds 0, 1 and 2, which a job process has made its own pipes when it uses them) and
    never used in the zygote or the forker: every job process starts with an unused copy of its
    own, and is spared making three (and the pages that copies). Made while 0, 1 and 2 are pipes,
    so they are set up as for a job's pipes (not seekable, not a terminal)."""
    saved_stderr = os.dup(2)
    read_end, write_end = os.pipe()
    try:
        os.dup2(read_end, 0)
        os.dup2(write_end, 1)
        os.dup2(write_end, 2)
        streams = (
            open(0, "r", closefd=False, errors="replace"),
            open(1, "w", closefd=False, errors="backslashreplace"),
            open(2, "w", closefd=False, errors="backslashreplace"),
        )
        for stream in streams:
            stream.seekable()  # asked (and cached) now, on the pipes
    finally:
        os.dup2(DEVNULL, 0)
        os.dup2(DEVNULL, 1)
        os.dup2(saved_stderr, 2)
        for fd in (saved_stderr, read_end, write_end):
            os.close(fd)
    return streams


GO = b"g"


def take_spare():
    """The waiting spare (or a fresh one if it is gone), told to go: only now does it read its
    program. A spare that has not had its go has read nothing, so replacing it loses nothing."""
    global SPARE
    spare, SPARE = SPARE, None
    for _attempt in range(3):
        if spare is not None and spare.is_ready():
            try:
                os.write(spare.requests_w, GO)
                return spare
            except OSError:
                pass
        if spare is not None:
            spare.discard()
        spare = Spare()
    raise RuntimeError("no job process would start")


def prepare_spare():
    global SPARE
    if SPARE is None:
        SPARE = Spare()


def run_function_job(job):
    global JOB_COUNTER
    JOB_COUNTER += 1
    job_id = JOB_COUNTER
    limits = job["limits"]
    started = time.monotonic()
    deadline = started + float(limits["wall_s"])
    spare = take_spare()
    candidate_pid = spare.pid
    os.close(spare.stdin_w)
    out_r, err_r, requests_w, replies_r = spare.out_r, spare.err_r, spare.requests_w, spare.replies_r
    header = json.dumps({"job": job_id, "ticket": job.get("ticket"), "tests_len": int(job["tests_len"])}).encode()
    try:
        socket.send_fds(CHECKER.socket, [header], [requests_w, replies_r])
        sent = True
    except OSError:
        sent = False
    os.close(requests_w)
    os.close(replies_r)

    out = Capture(out_r, int(limits["output_bytes"]))
    err = Capture(err_r, int(limits["output_bytes"]))
    verdicts = Capture(CHECKER.verdicts, 1 << 20)
    timed_out = over = False
    messages = []
    poller = select.poll()
    by_fd = {c.fd: c for c in (out, err, verdicts)}
    for fd in (out_r, err_r):
        os.set_blocking(fd, False)
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    while sent and not messages and verdicts.open:
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
        data = verdicts.data
        while len(data) >= 8 and len(data) >= 8 + int.from_bytes(data[:8], "big"):
            size = int.from_bytes(data[:8], "big")
            messages.append(bytes(data[8:8 + size]).decode("utf-8", "replace"))
            del data[:8 + size]
    wall = time.monotonic() - started
    reaped = sweep(candidate_pid)
    for fd in (out_r, err_r):
        os.close(fd)

    result = job_result(job, reaped.get(candidate_pid), wall, timed_out, over, err)
    parsed = []
    for text in messages:
        try:
            parsed.append(json.loads(text))
        except ValueError:
            pass
    for message in parsed:
        if "checker_error" in message:
            result["checker_error"] = message["checker_error"]
    verdict = parsed[0] if parsed and parsed[0].get("job") == job_id else None
    result["verdict"] = verdict
    # A checker that did not report is replaced. If test bytes are left unread in the tests pipe
    # the whole sandbox is replaced too (the verifier starts a fresh one); each payload also
    # carries its job's ticket, so a checker never runs tests out of step with their job.
    result["poisoned"] = programs_pending() > 0 or (verdict is None and (tests_pending() > 0 or "checker_error" in result))
    if verdict is None or verdicts.data:
        CHECKER.restart()
    return result


def run_stdio_job(job):
    limits = job["limits"]
    started = time.monotonic()
    deadline = started + float(limits["wall_s"])
    spare = take_spare()
    pid, in_w, out_r, err_r = spare.pid, spare.stdin_w, spare.out_r, spare.err_r
    os.close(spare.requests_w)
    os.close(spare.replies_r)
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
    reaped = sweep(pid)
    for fd in (out_r, err_r, pidfd) + ((in_w,) if in_w is not None else ()):
        os.close(fd)
    result = job_result(job, reaped.get(pid), wall, timed_out, over, err)
    result["stdout"] = out.text()
    result["poisoned"] = programs_pending() > 0
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


_WARM_PROGRAM = '''
from typing import List, Tuple, Optional, Dict, Any
import math, re, collections, itertools, functools, heapq


def close_pair(numbers: List[float], threshold: float) -> bool:
    """ Whether two numbers are closer than the threshold.
    >>> close_pair([1.0, 2.0], 0.5)
    False
    """
    for idx, elem in enumerate(numbers):
        for idx2, elem2 in enumerate(numbers):
            if idx != idx2 and abs(elem - elem2) < threshold:
                return True
    return False


class Box:
    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Box({self.value!r:>3})"


def check(candidate):
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True
    assert [x * 2 for x in range(3)] == [0, 2, 4] and list(map(str, (1, 2))) == ["1", "2"]
    assert {k: v for k, v in zip("ab", (1, 2))} == {"a": 1, "b": 2} and set("aa") == {"a"}
    assert sorted("cba", key=lambda c: c, reverse=True) == ["c", "b", "a"] and " ".join(["a"]) == "a"
    assert math.isclose(1.0, 1.0) and re.sub(r"a+", "b", "aa") == "b" and "x".upper().split() == ["X"]
    assert collections.Counter("aab")["a"] == 2 and heapq.nsmallest(1, [3, 1]) == [1] and repr(Box(1))


check(close_pair)
'''


def warm_up():
    """Does once, before any fork, what jobs do first (text streams, compiling and running a
    typical program, plain-data coding), so each forked job finds it ready instead of paying for
    it (and for copying the pages it touches) every time."""
    stream = open(DEVNULL, "w", closefd=False, errors="backslashreplace")
    stream.write("warm")
    stream.flush()
    open(DEVNULL, "r", closefd=False, errors="replace").close()
    exec(compile(_WARM_PROGRAM, "<warm>", "exec"), {"__name__": "warm", "__builtins__": __builtins__})
    plaindata.decode(plaindata.encode([1, 2.5, "s", None, True, (1,), {1: [2]}, {3}, frozenset(), b"x"]))
    json.loads(json.dumps({"call": "f", "args": "[]", "kwargs": "{}"}))


def main():
    global CHECKER
    global FORKER
    global JOB_STREAMS
    warm_up()
    JOB_STREAMS = make_job_streams()
    gc.collect()
    gc.freeze()
    FORKER = Forker()
    CHECKER = Checker()
    prepare_spare()
    ready = {"ready": True, "python": sys.version.split()[0], "pid": os.getpid(), "layers": LAYERS}
    out = os.fdopen(CONTROL_OUT, "w", buffering=1)
    out.write(json.dumps(ready) + "\n")
    control = os.fdopen(CONTROL_IN, "rb")
    for line in control:
        try:
            job = json.loads(line)
            if job["kind"] == "stdio":
                result = run_stdio_job(job)
            else:
                result = run_function_job(job)
        except Exception as error:
            result = {"id": None, "sandbox_error": "%s: %s" % (type(error).__name__, error), "poisoned": True}
        try:
            empty_workdir()
        except Exception as error:
            # The job's verdict stands; the sandbox is replaced before the next job.
            result["poisoned"] = True
            result["cleanup_error"] = "%s: %s" % (type(error).__name__, error)
        try:
            out.write(json.dumps(result) + "\n")
        except BrokenPipeError:
            return 0  # the verifier is gone: exit, and the kernel ends the sandbox with us
        if result.get("poisoned"):
            return 3
        CHECKER.check_health()
        prepare_spare()
    return 0


def stop_helpers():
    """Ends the forker and the checker and reaps them before the zygote exits. Reaped by us,
    their CPU time (and that of every job process the forker reaped) reaches the verifier's
    accounting; processes left for the kernel to kill when PID 1 exits are reaped without it."""
    for helper in (FORKER, CHECKER):
        if helper is None:
            continue
        helper.socket.close()
        try:
            pidfd = os.pidfd_open(helper.pid)
            exited = select.select([pidfd], [], [], 1.0)[0]
            os.close(pidfd)
            if not exited:
                os.kill(helper.pid, signal.SIGKILL)
            os.waitpid(helper.pid, 0)
        except (OSError, ChildProcessError):
            pass


if __name__ == "__main__":
    try:
        code = main()
    finally:
        stop_helpers()
    sys.exit(code)
