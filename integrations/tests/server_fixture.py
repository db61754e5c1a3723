"""Starts the real `score-verify serve` on a free loopback port for the integration tests."""

import os
import re
import signal
import subprocess
import threading

LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")

# Set by the Swift test runner (SandboxTestGate) only inside a chroot whose kernel refuses the
# jail's namespaces; the value says why. Tests that run code in the sandbox skip then, loudly.
SKIP_SANDBOX = "SCORE_VERIFY_TESTS_SKIP_SANDBOX"


def skip_if_no_sandbox(testcase):
    """Skips a test that runs code in score-jail when the test runner said the sandbox cannot run."""
    reason = os.environ.get(SKIP_SANDBOX)
    if reason:
        testcase.skipTest("SKIPPED, no sandbox in this chroot: " + reason)


class RunningServer:
    """`score-verify serve --port 0` as a child process; `url` is where it listens."""

    def __init__(self, binary, extra_args=(), start_timeout=60.0):
        if not binary or not os.access(binary, os.X_OK):
            raise RuntimeError(f"score-verify binary not found: {binary!r} (set SCORE_VERIFY_BIN)")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", "0", *extra_args],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.log = []
        self.url = None
        ready = threading.Event()

        def drain():
            for line in self.process.stderr:
                self.log.append(line)
                match = LISTENING.search(line)
                if match and not ready.is_set():
                    self.url = match.group(1)
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=drain, daemon=True)
        self.reader.start()
        if not ready.wait(start_timeout) or self.url is None:
            self.kill()
            raise RuntimeError("server did not start:\n" + "".join(self.log))

    def stop(self, timeout=30.0):
        """SIGTERM, then the exit status (the server shuts down gracefully)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self._close()
        return status

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._close()

    def _close(self):
        self.reader.join(5)
        if not self.process.stderr.closed:
            self.process.stderr.close()


def server_binary():
    return os.environ.get("SCORE_VERIFY_BIN", "")
