"""The checker's side of a job: runs the tests in a process the candidate cannot touch.

The tests call `candidate` (and any other function name they use that only the program defines)
through proxies that send plain-data arguments to the candidate's process and rebuild the reply
as fresh built-in values. The verdict leaves on a pipe only this process holds, tagged with the
run's nonce, which the candidate never sees.
"""

import builtins
import json
import types

import channel
import plaindata


class CandidateRaised(Exception):
    """The candidate's function raised (or returned something that is not plain data)."""


class CandidateGone(Exception):
    """The candidate's process stopped answering (exited, crashed or was killed)."""


def _global_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


class Checker:
    def __init__(self, requests_fd, replies_fd):
        self.requests_fd = requests_fd
        self.replies_fd = replies_fd
        self.calls = 0

    def _ask(self, message):
        try:
            channel.send(self.requests_fd, json.dumps(message))
            return json.loads(channel.receive(self.replies_fd))
        except (channel.ChannelClosed, BrokenPipeError) as error:
            raise CandidateGone("the candidate's process stopped answering") from error
        except ValueError as error:
            raise CandidateRaised("unreadable reply from the candidate") from error

    def proxy(self, name):
        def call(*args, **kwargs):
            self.calls += 1
            reply = self._ask({"call": name, "args": plaindata.encode(list(args)), "kwargs": plaindata.encode(kwargs)})
            if type(reply) is dict and "ok" in reply:
                try:
                    return plaindata.decode(json.dumps(reply["ok"]))
                except ValueError as error:
                    raise CandidateRaised("reply is not plain data") from error
            if type(reply) is dict and type(reply.get("raised")) is str:
                raise CandidateRaised("%s: %s" % (reply["raised"], str(reply.get("message", ""))[:500]))
            raise CandidateRaised("malformed reply from the candidate")

        call.__name__ = name
        return call

    def bind_free_names(self, namespace, sources):
        """Binds names the tests use but do not define to proxies of the candidate's functions."""
        wanted = set()
        for source in sources:
            wanted |= _global_names(compile(source, "<test>", "exec"))
        wanted = sorted(n for n in wanted if n not in namespace and not hasattr(builtins, n))
        if not wanted:
            return
        reply = self._ask({"callables": wanted})
        names = reply.get("callables", []) if type(reply) is dict else []
        for name in names:
            if type(name) is str and name in wanted:
                namespace[name] = self.proxy(name)


def _classify(error):
    if isinstance(error, AssertionError):
        return "failed"
    if isinstance(error, CandidateGone):
        return "candidate_gone"
    if isinstance(error, CandidateRaised):
        return "candidate_error"
    return "test_error"


def _message(error):
    text = "%s: %s" % (type(error).__name__, error)
    return text[:500]


def run(payload, requests_fd, replies_fd):
    """Runs the tests of one job; returns the verdict dict (without the nonce)."""
    checker = Checker(requests_fd, replies_fd)
    try:
        hello = json.loads(channel.receive(replies_fd))
    except (channel.ChannelClosed, ValueError):
        return {"passed": 0, "total": 1, "outcome": "candidate_gone", "message": "the program did not load", "calls": 0}
    if type(hello) is not dict or hello.get("loaded") is not True:
        raised = hello.get("raised") if type(hello) is dict else None
        message = "%s: %s" % (raised, hello.get("message", "")) if type(raised) is str else "the program did not load"
        return {"passed": 0, "total": 1, "outcome": "candidate_error", "message": str(message)[:500], "calls": 0}

    namespace = {"__name__": "checker", "__builtins__": builtins}
    mode = payload["mode"]
    if mode == "humaneval":
        entry = payload["entry"]
        try:
            if payload.get("prompt"):
                exec(compile(payload["prompt"], "<prompt>", "exec"), namespace)
            exec(compile(payload["test"], "<test>", "exec"), namespace)
            namespace[entry] = checker.proxy(entry)
            checker.bind_free_names(namespace, [payload["test"]])
            check = namespace["check"]
        except BaseException as error:
            return {"passed": 0, "total": 1, "outcome": "test_error", "message": _message(error), "calls": checker.calls}
        try:
            check(namespace[entry])
            return {"passed": 1, "total": 1, "outcome": "passed", "message": "", "calls": checker.calls}
        except BaseException as error:
            return {"passed": 0, "total": 1, "outcome": _classify(error), "message": _message(error), "calls": checker.calls}

    tests = payload["test_list"]
    passed, first_failure = 0, None
    try:
        if payload.get("setup"):
            exec(compile(payload["setup"], "<test_setup_code>", "exec"), namespace)
        checker.bind_free_names(namespace, tests)
    except BaseException as error:
        return {"passed": 0, "total": len(tests), "outcome": _classify(error), "message": _message(error), "calls": checker.calls}
    for test in tests:
        try:
            exec(compile(test, "<test>", "exec"), namespace)
            passed += 1
        except BaseException as error:
            if first_failure is None:
                first_failure = error
            if isinstance(error, CandidateGone):
                break
    if first_failure is None:
        return {"passed": passed, "total": len(tests), "outcome": "passed", "message": "", "calls": checker.calls}
    return {
        "passed": passed, "total": len(tests), "outcome": _classify(first_failure),
        "message": _message(first_failure), "calls": checker.calls,
    }
