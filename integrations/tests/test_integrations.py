"""The verl and TRL integrations against the real `score-verify serve` (stdlib unittest only).

Run: SCORE_VERIFY_BIN=.build/debug/score-verify python3 -m unittest discover -s integrations/tests
"""

import json
import os
import sys
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import score_verify_client  # noqa: E402
import trl_reward  # noqa: E402
import verl_reward  # noqa: E402
from server_fixture import RunningServer, server_binary, skip_if_no_sandbox  # noqa: E402

SERVER = None


def setUpModule():
    global SERVER
    SERVER = RunningServer(server_binary())
    os.environ["SCORE_VERIFY_URL"] = SERVER.url


def tearDownModule():
    if SERVER is not None:
        status = SERVER.stop()
        if status != 0:
            raise AssertionError(f"server exited with {status} after SIGTERM:\n" + "".join(SERVER.log))


def health():
    with urllib.request.urlopen(SERVER.url + "/health", timeout=10) as response:
        return json.loads(response.read())


class VerlTests(unittest.TestCase):
    def test_math_right_and_wrong(self):
        self.assertEqual(verl_reward.compute_score("gsm8k", "so the answer is \\boxed{42}", "42"), 1.0)
        self.assertEqual(verl_reward.compute_score("gsm8k", "so the answer is \\boxed{41}", "42"), 0.0)
        self.assertEqual(verl_reward.compute_score("math", "The answer is $\\boxed{\\frac{1}{2}}$", "\\frac{1}{2}", {"index": 3}), 1.0)

    def test_batch(self):
        rewards = verl_reward.compute_score_batch(
            ["a", "b", "c"], ["\\boxed{1}", "\\boxed{3}", "\\boxed{3}"], ["1", "2", "3"], [None] * 3
        )
        self.assertEqual(rewards, [1.0, 0.0, 1.0])
        self.assertTrue(all(isinstance(r, float) for r in rewards))

    def test_code_tests_as_ground_truth(self):
        skip_if_no_sandbox(self)
        if not health().get("code"):
            self.skipTest("this server runs no code verifier")
        tests = {"test": "def check(candidate):\n    assert candidate(2) == 4\n", "entry_point": "double"}
        right = "def double(x):\n    return 2 * x\n"
        wrong = "def double(x):\n    return x + 1\n"
        self.assertEqual(verl_reward.compute_score("humaneval", right, tests), 1.0)
        self.assertEqual(verl_reward.compute_score("humaneval", wrong, json.dumps(tests)), 0.0)


class TrlTests(unittest.TestCase):
    def test_standard_format_with_answer_column(self):
        reward = trl_reward.ScoreVerifyReward()
        self.assertEqual(reward.__name__, "score_verify")
        rewards = reward(
            prompts=["What is 6*7?", "What is 1+1?"],
            completions=["\\boxed{42}", "\\boxed{3}"],
            answer=["42", "2"],
        )
        self.assertEqual(rewards, [1.0, 0.0])

    def test_conversational_format_with_solution_column(self):
        completions = [[{"role": "assistant", "content": "It is \\boxed{9}."}], [{"role": "assistant", "content": "\\boxed{10}"}]]
        prompts = [[{"role": "user", "content": "3^2?"}], [{"role": "user", "content": "3^2?"}]]
        self.assertEqual(trl_reward.reward(completions=completions, prompts=prompts, solution=["9", "9"]), [1.0, 0.0])

    def test_order_kept_for_a_large_batch(self):
        n = 300
        completions = [f"\\boxed{{{i if i % 3 else i + 1}}}" for i in range(n)]
        rewards = trl_reward.ScoreVerifyReward(SERVER.url)(completions=completions, ground_truth=[str(i) for i in range(n)])
        self.assertEqual(rewards, [0.0 if i % 3 == 0 else 1.0 for i in range(n)])

    def test_missing_label_column_is_a_clear_error(self):
        with self.assertRaisesRegex(ValueError, "no label column"):
            trl_reward.reward(completions=["1"], prompts=["p"])

    def test_humaneval_columns(self):
        skip_if_no_sandbox(self)
        if not health().get("code"):
            self.skipTest("this server runs no code verifier")
        rewards = trl_reward.reward(
            completions=["def inc(x):\n    return x + 1\n", "def inc(x):\n    return x\n"],
            test=["def check(candidate):\n    assert candidate(1) == 2\n"] * 2,
            entry_point=["inc", "inc"],
        )
        self.assertEqual(rewards, [1.0, 0.0])


class ServerContractTests(unittest.TestCase):
    def test_openrlhf_shape(self):
        answer = score_verify_client.post_json(
            "/get_reward",
            {"query": ["Q: 2+2? A: \\boxed{4}"], "prompts": ["Q: 2+2? A: "], "labels": ["4"]},
        )
        self.assertEqual(answer["rewards"], [1.0])
        self.assertEqual(answer["scores"], [1.0])
        self.assertEqual(answer["extra_logs"]["prompt_stripped"], [1])

    def test_bad_request_is_an_error_with_a_message(self):
        with self.assertRaisesRegex(score_verify_client.ScoreVerifyError, "HTTP 400: 'labels' has 1 items"):
            score_verify_client.post_json("/get_reward", {"query": ["a", "b"], "labels": ["1"]}, retries=0)


if __name__ == "__main__":
    unittest.main()
