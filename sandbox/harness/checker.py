"""The checker's side of a job: runs the tests in a process the candidate cannot touch.

The tests call `candidate` (and any other function name they use that only the program defines)
through proxies that send plain-data arguments to the candidate's process and rebuild the reply
as fresh built-in values. The verdict leaves on a pipe only this process holds, tagged with the
run's nonce, which the candidate never sees.
"""

import builtins
import importlib
import types

import channel
import plaindata


# Standard-library modules a test may name without importing them.
TEST_MODULES = frozenset({
    "math", "cmath", "re", "collections", "itertools", "functools", "heapq", "bisect", "operator",
    "string", "fractions", "decimal", "statistics", "copy",
})


class CandidateRaised(Exception):
    """The candidate's function raised an Exception. When it names a built-in exception class,
    the proxy raises a subclass of that class too, so a test's `except ValueError` sees what it
    would see running the program directly."""


class CandidateFailed(BaseException):
    """The candidate did what a test must not be able to catch as an ordinary exception: it
    exited (`sys.exit`, `os._exit`), crashed, stopped answering, raised a BaseException that is
    not an Exception, or sent a reply that is not plain data. A BaseException, so `except
    Exception` in a test cannot turn any of these into a pass."""


class CandidateGone(CandidateFailed):
    """The candidate's process stopped answering (exited, crashed or was killed)."""


def _builtin_raised_types():
    """A CandidateRaised subclass for each built-in Exception class (made once, a fixed set: the
    checker lives across jobs and must not keep anything a program chooses)."""
    types_by_name = {}
    for name, base in vars(builtins).items():
        if isinstance(base, type) and issubclass(base, Exception) and base is not Exception:
            try:
                types_by_name[name] = type(name, (base, CandidateRaised), {})
            except TypeError:
                pass
    return types_by_name


_RAISED_TYPES = _builtin_raised_types()


def _raised(name, message):
    """The exception the proxy raises for the candidate's `name: message`."""
    name = name[:100]
    return _RAISED_TYPES.get(name, CandidateRaised)("%s: %s" % (name, message))


def _global_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


class Checker:
    def __init__(self, requests_fd, replies_fd):
        self.requests_fd = requests_fd
        self.replies = channel.Reader(replies_fd)
        self.calls = 0
        self.callables = []

    def _ask(self, text):
        try:
            channel.send(self.requests_fd, text)
            return plaindata.parse(self.replies.receive())
        except (channel.ChannelClosed, BrokenPipeError) as error:
            raise CandidateGone("the candidate's process stopped answering") from error
        except (ValueError, RecursionError) as error:
            raise CandidateFailed("unreadable reply from the candidate") from error

    def proxy(self, name):
        def call(*args, **kwargs):
            self.calls += 1
            request = plaindata.dumps({"call": name, "args": plaindata.to_wire(list(args)), "kwargs": plaindata.to_wire(kwargs)})
            if len(request) > plaindata.MAX_BYTES:
                raise plaindata.NotPlainData("arguments larger than %d bytes" % plaindata.MAX_BYTES)
            reply = self._ask(request)
            if type(reply) is dict and "ok" in reply:
                try:
                    return plaindata.from_wire(reply["ok"])
                except Exception as error:
                    raise CandidateFailed("reply is not plain data") from error
            if type(reply) is dict and type(reply.get("raised")) is str:
                message = str(reply.get("message", ""))[:500]
                if reply.get("escaped") is not False:
                    raise CandidateFailed("%s: %s" % (reply["raised"], message))
                raise _raised(reply["raised"], message)
            raise CandidateFailed("malformed reply from the candidate")

        call.__name__ = name
        return call

    def bind_free_names(self, namespace, codes):
        """Binds names the tests use but do not define to proxies of the candidate's functions
        (those the candidate's hello named as callables)."""
        wanted = set()
        for code in codes:
            wanted |= _global_names(code)
        for name in self.callables:
            if type(name) is str and name in wanted and name not in namespace and not hasattr(builtins, name):
                namespace[name] = self.proxy(name)
        # Standard modules a test uses without importing them (MBPP tests run in the program's
        # namespace, where the program imported them): imported here, in the trusted checker.
        for name in wanted & TEST_MODULES:
            if name not in namespace:
                namespace[name] = importlib.import_module(name)


def _classify(error):
    if isinstance(error, AssertionError):
        return "failed"
    if isinstance(error, CandidateGone):
        return "candidate_gone"
    if isinstance(error, (CandidateRaised, CandidateFailed)):
        return "candidate_error"
    return "test_error"


def _message(error):
    text = "%s: %s" % (type(error).__name__, error)
    return text[:500]


def run(payload, requests_fd, replies_fd):
    """Runs the tests of one job; returns the verdict dict (without the nonce)."""
    checker = Checker(requests_fd, replies_fd)
    try:
        hello = plaindata.parse(checker.replies.receive())
    except (channel.ChannelClosed, ValueError, RecursionError):
        return {"passed": 0, "total": 1, "outcome": "candidate_gone", "message": "the program did not load", "calls": 0}
    if type(hello) is not dict or hello.get("loaded") is not True:
        raised = hello.get("raised") if type(hello) is dict else None
        message = "%s: %s" % (raised, hello.get("message", "")) if type(raised) is str else "the program did not load"
        return {"passed": 0, "total": 1, "outcome": "candidate_error", "message": str(message)[:500], "calls": 0}
    if type(hello.get("callables")) is list:
        checker.callables = hello["callables"][:1000]

    namespace = {"__name__": "checker", "__builtins__": builtins}
    mode = payload["mode"]
    if mode == "humaneval":
        entry = payload["entry"]
        try:
            if payload.get("prompt"):
                exec(compile(payload["prompt"], "<prompt>", "exec"), namespace)
            test_code = compile(payload["test"], "<test>", "exec")
            exec(test_code, namespace)
            namespace[entry] = checker.proxy(entry)
            checker.bind_free_names(namespace, [test_code])
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
        codes = [compile(test, "<test>", "exec") for test in tests]
        checker.bind_free_names(namespace, codes)
    except BaseException as error:
        return {"passed": 0, "total": len(tests), "outcome": _classify(error), "message": _message(error), "calls": checker.calls}
    for code in codes:
        try:
            exec(code, namespace)
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
