"""The candidate's side of a job: runs the untrusted program in its own process.

Once the program has started, everything in this process is under the candidate's control, so
nothing here is trusted: it only answers the checker's calls, and the checker believes the
answers as plain data and nothing more. No test and no expected output ever reaches this process.
"""

import builtins
import os
import sys
import traceback

import channel
import plaindata


def _describe(error):
    try:
        name = type(error).__name__
        text = str(error)
    except BaseException:
        name, text = "Exception", "(unprintable)"
    if type(name) is not str or type(text) is not str:
        name, text = "Exception", "(unprintable)"
    # `escaped`: not an ordinary Exception (SystemExit, KeyboardInterrupt...), which a test's
    # `except Exception` would not catch when running the program directly either.
    return {"raised": name[:100], "message": text[:500], "escaped": not isinstance(error, Exception)}


MAX_CALLABLES = 1000


def _callable_names(namespace):
    """Names of the program's top-level callables (plain strings), for the checker to bind."""
    names = []
    for name, value in list(namespace.items()):
        if type(name) is str and len(name) <= 200 and callable(value):
            names.append(name)
            if len(names) >= MAX_CALLABLES:
                break
    return names


def serve_functions(program, setup, requests_fd, replies_fd):
    """Loads the program, then answers call requests until the checker closes the channel.

    The hello names the program's callables, so the checker binds its free names without a
    round trip. Each request is one JSON object {"call", "args", "kwargs"} with arguments in
    plaindata's wire form; each reply is {"ok": wire} or {"raised", "message"}.
    """
    namespace = {"__name__": "candidate", "__builtins__": builtins}
    try:
        if setup:
            exec(compile(setup, "<test_setup_code>", "exec"), namespace)
        exec(compile(program, "<candidate>", "exec"), namespace)
        hello = plaindata.dumps({"loaded": True, "callables": _callable_names(namespace)})
    except BaseException as error:
        traceback.print_exc()
        hello = plaindata.dumps(_describe(error))
    channel.send(replies_fd, hello)
    if not hello.startswith('{"loaded"'):
        return 1
    requests = channel.Reader(requests_fd)
    while True:
        try:
            request = plaindata.parse(requests.receive())
        except channel.ChannelClosed:
            return 0
        try:
            function = namespace[request["call"]]
            args = plaindata.from_wire(request["args"])
            kwargs = plaindata.from_wire(request["kwargs"])
            value = function(*args, **kwargs)
        except BaseException as error:
            reply = plaindata.dumps(_describe(error))
        else:
            try:
                reply = '{"ok":' + plaindata.encode(value) + "}"
            except BaseException as error:
                # Not plain data: the checker cannot see it as the test would, so it fails the test.
                reply = plaindata.dumps({"raised": "NotPlainData", "message": str(error)[:500], "escaped": True})
        channel.send(replies_fd, reply)


def run_main(program):
    """Runs the program as __main__ (stdin/stdout tests); returns its exit code."""
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    try:
        exec(compile(program, "<candidate>", "exec"), namespace)
        return 0
    except SystemExit as error:
        code = error.code
        if code is None:
            return 0
        if type(code) is int:
            return code & 0xFF
        print(code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
