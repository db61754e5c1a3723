"""TRL reward function backed by a score-verify server.

    from trl import GRPOTrainer
    from trl_reward import ScoreVerifyReward
    trainer = GRPOTrainer(..., reward_funcs=[ScoreVerifyReward("http://host:port")])

TRL calls a reward function with `prompts`, `completions` and every other dataset column as
keyword lists. The gold answer is read from the first column present among `answer`,
`solution`, `ground_truth`, `gold`, `label`; a code task's tests from `tests` (a dict or JSON
text), or from HumanEval (`test`, `entry_point`), MBPP (`test_list`, `test_setup_code`) or
stdin/stdout (`inputs`, `outputs`) columns.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from score_verify_client import get_rewards  # noqa: E402

GOLD_COLUMNS = ("answer", "solution", "ground_truth", "gold", "label")
CODE_COLUMNS = ("test", "entry_point", "test_list", "test_setup_code", "inputs", "outputs")


def completion_text(completion):
    """The text of a completion: a string, or the last assistant message of a conversation."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion:
        message = completion[-1]
        if isinstance(message, dict):
            return str(message.get("content", ""))
    raise ValueError(f"unsupported completion format: {type(completion).__name__}")


def labels_from_columns(count, columns):
    """One label per row from the dataset columns TRL passes as keyword arguments."""
    if "tests" in columns:
        return list(columns["tests"])
    code = [name for name in CODE_COLUMNS if name in columns]
    if code:
        return [{name: columns[name][i] for name in code} for i in range(count)]
    for name in GOLD_COLUMNS:
        if name in columns:
            return list(columns[name])
    raise ValueError(
        "no label column: expected one of " + ", ".join(GOLD_COLUMNS + ("tests",) + CODE_COLUMNS)
    )


class ScoreVerifyReward:
    """A TRL `reward_funcs` callable: one float reward per completion, in order."""

    def __init__(self, base_url=None, timeout=600.0):
        self.base_url = base_url
        self.timeout = timeout
        self.__name__ = "score_verify"  # TRL logs rewards under the function's name

    def __call__(self, prompts=None, completions=None, **kwargs):
        if completions is None:
            raise ValueError("TRL passes completions=...; none were given")
        texts = [completion_text(c) for c in completions]
        labels = labels_from_columns(len(texts), kwargs)
        if len(labels) != len(texts):
            raise ValueError(f"{len(texts)} completions but {len(labels)} labels")
        return get_rewards(texts, labels, base_url=self.base_url, timeout=self.timeout)


def reward(completions, **kwargs):
    """The same as ScoreVerifyReward() with the server from SCORE_VERIFY_URL."""
    return ScoreVerifyReward()(completions=completions, **kwargs)
