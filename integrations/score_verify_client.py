"""A minimal client for a score-verify reward server (Python standard library only).

The server is set by the SCORE_VERIFY_URL environment variable (default http://127.0.0.1:8000),
or by passing base_url. Several replicas behind a load balancer look like one URL.
"""

import json
import os
import time
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000"


def server_url(base_url=None):
    return (base_url or os.environ.get("SCORE_VERIFY_URL") or DEFAULT_URL).rstrip("/")


class ScoreVerifyError(RuntimeError):
    """The server refused a request (a 4xx other than 429) or stayed unreachable or busy."""


def post_json(path, payload, base_url=None, timeout=600.0, retries=8):
    """POSTs payload as JSON and returns the decoded answer.

    429 and 503 answers (a full sandbox queue, a replica shutting down) and connection errors are
    retried up to `retries` times, waiting for the server's Retry-After (or a backoff).
    """
    url = server_url(base_url) + path
    data = json.dumps(payload).encode("utf-8")
    delay = 0.5
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            if error.code in (429, 503) and attempt < retries:
                wait = error.headers.get("Retry-After")
                time.sleep(float(wait) if wait and wait.isdigit() else delay)
                delay = min(delay * 2, 10.0)
                continue
            try:
                message = json.loads(body).get("error", body)
            except ValueError:
                message = body
            raise ScoreVerifyError(f"{url}: HTTP {error.code}: {message}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if attempt < retries:
                time.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            raise ScoreVerifyError(f"{url}: {error}") from None
    raise ScoreVerifyError(f"{url}: no answer after {retries} retries")


def label_text(label):
    """A label as /get_reward takes it: gold answers as text, test specifications as JSON text."""
    if isinstance(label, str):
        return label
    if isinstance(label, (dict, list)):
        return json.dumps(label)
    return str(label)


def get_rewards(responses, labels, prompts=None, base_url=None, timeout=600.0):
    """Rewards (floats, in order) for responses against labels through POST /get_reward.

    Each label is the gold answer (math) or a JSON object with tests (code). With prompts, each
    query is sent as prompt + response and the server strips the prompt again.
    """
    responses = list(responses)
    labels = [label_text(label) for label in labels]
    if len(responses) != len(labels):
        raise ValueError(f"{len(responses)} responses but {len(labels)} labels")
    if not responses:
        return []
    payload = {"labels": labels}
    if prompts is not None:
        prompts = list(prompts)
        payload["query"] = [p + r for p, r in zip(prompts, responses)]
        payload["prompts"] = prompts
    else:
        payload["query"] = responses
    answer = post_json("/get_reward", payload, base_url=base_url, timeout=timeout)
    return [float(r) for r in answer["rewards"]]
