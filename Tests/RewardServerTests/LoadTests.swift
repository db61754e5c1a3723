import Foundation
import Hummingbird
import HummingbirdTesting
import RewardServer
import Rewards
import Testing

@Suite("Reward server under load: bounded sandbox queue, ordering under concurrency")
struct LoadTests {
    @Test("a full sandbox queue answers 429 with Retry-After instead of queueing more")
    func backpressure() async throws {
        let sandbox = FakeSandboxVerifier()
        try await withServer(
            configure: {
                $0.maxConcurrentSandboxes = 1
                $0.sandboxQueueCapacity = 1
                $0.retryAfterSeconds = 3
            }, code: sandbox
        ) { client, server in
            let slow = #"{"items":[{"program":"hold return","test":"t"},{"program":"hold return","test":"t"}]}"#
            async let first = client.post("/v1/code/run", slow)
            // Wait until the first request holds both places (one running, one queued).
            try await waitUntil { sandbox.runs == 1 }
            let busy = try await client.post("/v1/code/run", #"{"items":[{"program":"return","test":"t"}]}"#)
            #expect(busy.status == 429)
            #expect(busy.headers[.retryAfter] == "3")
            #expect(try #require(busy.body).errorMessage.contains("sandbox queue is full"))
            let metricsText = server.engine.metrics.render()
            #expect(metricsText.contains("score_verify_sandbox_queue_depth 1"))
            let busyReward = try await client.post("/get_reward", #"{"query":["return"],"labels":["{\"test\":\"t\"}"]}"#)
            #expect(busyReward.status == 429)
            sandbox.release(2)
            let done = try await first
            #expect(done.status == 200)
            #expect(sandbox.maxRunning == 1)
            // Once the queue drained, the same request is accepted.
            let again = try await client.post("/v1/code/run", #"{"items":[{"program":"return","test":"t"}]}"#)
            #expect(again.status == 200)
            #expect(server.engine.metrics.render().contains(#"score_verify_rejected_requests_total{reason="sandbox_queue_full"} 2"#))
        }
    }

    @Test("a request with more code items than the queue can ever hold gets 413")
    func codeBatchLargerThanQueue() async throws {
        try await withServer(configure: { $0.maxConcurrentSandboxes = 1; $0.sandboxQueueCapacity = 2 }) { client, _ in
            let r = try await client.post("/v1/code/run", #"{"items":[{"program":"a","test":"t"},{"program":"a","test":"t"},{"program":"a","test":"t"},{"program":"a","test":"t"}]}"#)
            #expect(r.status == 413)
            #expect(try #require(r.body).errorMessage.contains("split the batch"))
        }
    }

    @Test("concurrent sandboxes never exceed --max-sandboxes")
    func sandboxBound() async throws {
        let sandbox = FakeSandboxVerifier()
        try await withServer(configure: { $0.maxConcurrentSandboxes = 2; $0.sandboxQueueCapacity = 100 }, code: sandbox) { client, _ in
            let items = (0..<12).map { _ in #"{"program":"sleep:20 return","test":"t"}"# }.joined(separator: ",")
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 { group.addTask { try await client.post("/v1/code/run", #"{"items":[\#(items)]}"#).status } }
                for try await status in group { #expect(status == 200) }
            }
            #expect(sandbox.runs == 36)
            #expect(sandbox.maxRunning == 2)
        }
    }

    /// 8 clients over real sockets, each sending batches whose items finish in shuffled order.
    @Test("every item gets its own reward, in order, with 8 concurrent clients on a real socket")
    func orderingUnderConcurrency() async throws {
        try await withServer(.ahc(.http)) { client, _ in
            #expect(client.port != nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<8 {
                    group.addTask {
                        for round in 0..<3 {
                            let n = 150
                            var queries: [JSONValue] = [], labels: [JSONValue] = [], expected: [Double] = []
                            for i in 0..<n {
                                let right = (i * 7 + c + round) % 3 != 0
                                let delay = (i * 13 + c) % 5 == 0 ? "sleep:\(i % 3) " : ""
                                queries.append(.string("P\(c)-\(i): \(delay)\(right ? i : i + 1)"))
                                labels.append(.string(String(i)))
                                expected.append(right ? 1 : 0)
                            }
                            let prompts = JSONValue.array((0..<n).map { .string("P\(c)-\($0): ") })
                            let r = try await client.post(
                                "/get_reward", ["query": .array(queries), "prompts": prompts, "labels": .array(labels)])
                            #expect(r.status == 200)
                            #expect(r.body?.doubles("rewards") == expected)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
