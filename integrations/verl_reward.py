"""verl reward function backed by a score-verify server.

In a verl config:

    custom_reward_function:
      path: integrations/verl_reward.py
      name: compute_score          # or compute_score_batch with the batch reward manager

and SCORE_VERIFY_URL=http://host:port in the workers' environment. `ground_truth` is the gold
answer (math) or the tests of a code task (a dict or its JSON text: HumanEval `test` +
`entry_point`, MBPP `test_list`, or stdin/stdout `inputs` + `outputs`).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from score_verify_client import get_rewards  # noqa: E402


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    """The reward (1.0 or 0.0) of one response; verl calls this once per sample."""
    return get_rewards([solution_str], [ground_truth])[0]


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None):
    """Rewards for a whole batch in one request (verl's batch reward manager)."""
    return get_rewards(solution_strs, ground_truths)
