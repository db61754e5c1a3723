"""Bounded load test of `score-verify serve` on 127.0.0.1 (Python standard library only).

C client threads each keep one HTTP/1.1 connection and POST /get_reward batches of B items
(prompt + response queries, gold labels, from fixtures/math/labelled.jsonl) for D seconds, then
stop. Every answer is checked: one reward per query, equal to the reward the server gave the
same item in a warm-up pass (so reordering or dropped items would show). Prints one JSON line.
"""

import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time


def percentile(values, q):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))
    return values[k]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fixture", default="fixtures/math/labelled.jsonl")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--batches", type=int, default=16, help="distinct batches to cycle through")
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.fixture, encoding="utf-8") if line.strip()]
    rng = random.Random(7)
    bodies = []
    for b in range(args.batches):
        picked = [rng.choice(rows) for _ in range(args.batch)]
        prompts = [f"Problem {b}-{i}: solve it.\nAnswer: " for i in range(args.batch)]
        queries = [p + r.get("response", r.get("answer", "")) for p, r in zip(prompts, picked)]
        labels = [r["gold"] for r in picked]
        bodies.append(json.dumps({"query": queries, "prompts": prompts, "labels": labels}).encode())

    def post(connection, body):
        connection.request("POST", "/get_reward", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
        return json.loads(data)

    # Warm-up pass: the reference rewards of each batch.
    warm = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
    reference = [post(warm, body)["rewards"] for body in bodies]
    warm.close()

    latencies, errors, mismatches, items = [], [], [0], [0]
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + args.seconds

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
        k = index
        local_lat, local_items, local_bad = [], 0, 0
        try:
            while time.perf_counter() < stop_at:
                j = k % len(bodies)
                k += 1
                t0 = time.perf_counter()
                answer = post(connection, bodies[j])
                local_lat.append(time.perf_counter() - t0)
                if answer["rewards"] != reference[j]:
                    local_bad += 1
                local_items += len(answer["rewards"])
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            with lock:
                errors.append(repr(error))
        finally:
            connection.close()
            with lock:
                latencies.extend(local_lat)
                items[0] += local_items
                mismatches[0] += local_bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    rewarded = sum(sum(r) for r in reference) / (len(reference) * args.batch)
    print(json.dumps({
        "bench": "serve-load",
        "endpoint": "/get_reward",
        "clients": args.clients,
        "batch": args.batch,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "verifications": items[0],
        "verifications_per_s": round(items[0] / elapsed),
        "latency_ms_p50": round(1000 * percentile(latencies, 0.50), 2) if latencies else None,
        "latency_ms_p99": round(1000 * percentile(latencies, 0.99), 2) if latencies else None,
        "latency_ms_mean": round(1000 * statistics.fmean(latencies), 2) if latencies else None,
        "mismatched_batches": mismatches[0],
        "errors": errors[:5],
        "fraction_rewarded": round(rewarded, 3),
    }))
    return 1 if errors or mismatches[0] else 0


if __name__ == "__main__":
    sys.exit(main())
