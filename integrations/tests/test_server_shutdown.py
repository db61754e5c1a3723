"""SIGTERM while a code run is in flight: the run finishes, the answer arrives, the server exits
0 and no sandbox process outlives it (stdlib unittest only)."""

import json
import os
import sys
import threading
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import score_verify_client  # noqa: E402
from server_fixture import RunningServer, server_binary, skip_if_no_sandbox  # noqa: E402


def descendants(root):
    """Every live process below `root`, from /proc."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


class ShutdownTests(unittest.TestCase):
    def test_sigterm_finishes_in_flight_code_run_and_leaves_no_sandbox(self):
        skip_if_no_sandbox(self)
        server = RunningServer(server_binary(), ["--max-sandboxes", "1"])
        try:
            if not json.loads(read(server.url + "/health")).get("code"):
                self.skipTest("this server runs no code verifier")
            record = {
                "program": "import time\ntime.sleep(1.5)\n\ndef f():\n    return 1\n",
                "test": "def check(candidate):\n    assert candidate() == 1\n",
                "entry_point": "f",
            }
            answer = {}

            def call():
                try:
                    answer["value"] = score_verify_client.post_json(
                        "/v1/code/run", {"items": [record]}, base_url=server.url, timeout=60, retries=0)
                except Exception as error:  # noqa: BLE001 - checked below
                    answer["error"] = error

            caller = threading.Thread(target=call)
            caller.start()
            deadline = time.monotonic() + 30
            while "score_verify_sandbox_running 1" not in read(server.url + "/metrics"):
                self.assertLess(time.monotonic(), deadline, "the code run never started")
                time.sleep(0.05)
            sandbox = descendants(server.process.pid)
            self.assertTrue(sandbox, "no sandbox process under the server while a run is in flight")
            status = server.stop(timeout=60)
            caller.join(60)
            self.assertEqual(status, 0, "".join(server.log))
            self.assertNotIn("error", answer)
            result = answer["value"]["results"][0]
            self.assertEqual(result["status"], "passed", result)
            survivors = [pid for pid in sandbox if alive(pid)]
            self.assertEqual(survivors, [], "sandbox processes outlived the server")
        finally:
            server.kill()


if __name__ == "__main__":
    unittest.main()
