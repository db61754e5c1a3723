import Foundation
import Hummingbird
import HummingbirdTesting
import RewardServer
import Rewards
import Testing

@Suite("Reward server endpoints")
struct EndpointTests {
    @Test("GET /health says ok and which verifiers are served")
    func health() async throws {
        try await withServer { client, _ in
            let r = try await client.get("/health")
            #expect(r.status == 200)
            let body = try JSONValue.parseObject(r.text)
            #expect(body["status"] == "ok")
            #expect(body["math"] == true)
            #expect(body["code"] == true)
        }
        try await withServer(code: nil) { client, _ in
            let body = try JSONValue.parseObject(try await client.get("/health").text)
            #expect(body["code"] == false)
        }
    }

    @Test("GET /metrics exposes requests, items, verdict statuses, latency and queue depth")
    func metrics() async throws {
        try await withServer { client, _ in
            _ = try await client.post("/v1/math/verify", #"{"items":[{"gold":"2","response":"2"},{"gold":"2","response":"3"}]}"#)
            _ = try await client.post("/get_reward", "not json")
            let r = try await client.get("/metrics")
            #expect(r.status == 200)
            #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = r.text
            #expect(text.contains(#"score_verify_http_requests_total{endpoint="/v1/math/verify",code="200"} 1"#))
            #expect(text.contains(#"score_verify_http_requests_total{endpoint="/get_reward",code="400"} 1"#))
            #expect(text.contains(#"score_verify_items_total{kind="math"} 2"#))
            #expect(text.contains(#"score_verify_verdicts_total{kind="math",status="equal"} 1"#))
            #expect(text.contains(#"score_verify_verdicts_total{kind="math",status="not_equal"} 1"#))
            #expect(text.contains(#"score_verify_request_duration_seconds_bucket{endpoint="/v1/math/verify",le="+Inf"} 1"#))
            #expect(text.contains(#"score_verify_request_duration_seconds_count{endpoint="/get_reward"} 1"#))
            #expect(text.contains("# TYPE score_verify_sandbox_queue_depth gauge\nscore_verify_sandbox_queue_depth 0"))
            #expect(text.contains("score_verify_sandbox_running 0"))
        }
    }

    @Test("POST /get_reward strips the prompt, verifies math and code, answers in order")
    func getReward() async throws {
        try await withServer { client, _ in
            let request: JSONObject = [
                "query": ["Q: 1+1? A: 2", "Q: 2+2? A: 5", "Write f. def f(): return 1", "no prompt here 7"],
                "prompts": ["Q: 1+1? A: ", "Q: 2+2? A: ", "Write f. ", "a prompt that does not match"],
                "labels": ["2", "4", #"{"test": "assert f() == 1", "entry_point": "f"}"#, "7"],
            ]
            let r = try await client.post("/get_reward", request)
            #expect(r.status == 200)
            let body = try #require(r.body)
            #expect(body.doubles("rewards") == [1, 0, 1, 0])
            #expect(body.doubles("scores") == [1, 0, 1, 0])
            #expect(body.strings("statuses") == ["equal", "not_equal", "passed", "not_equal"])
            let logs = try #require(body["extra_logs"]?.objectValue)
            #expect(logs.doubles("prompt_stripped") == [1, 1, 1, 0])
            #expect(logs.doubles("is_code") == [0, 0, 1, 0])
            #expect(logs.doubles("invalid_input") == [0, 0, 0, 0])
            #expect(body["note"]?.stringValue?.contains("1 of 4 queries were verified whole") == true)
        }
    }

    @Test("POST /get_reward writes rewards as floats, so trainers build float tensors")
    func rewardsAreFloats() async throws {
        try await withServer { client, _ in
            let text = try await client.execute(
                uri: "/get_reward", method: .post,
                body: ByteBuffer(string: #"{"query":["p 1","p 2"],"prompts":["p ","p "],"labels":["1","3"]}"#)
            ) { String(buffer: $0.body) }
            #expect(text.hasPrefix(#"{"rewards":[1.0,0.0],"scores":[1.0,0.0],"extra_logs":"#))
        }
    }

    @Test("POST /get_reward without prompts verifies each whole query and says so")
    func getRewardWithoutPrompts() async throws {
        try await withServer { client, _ in
            let r = try await client.post("/get_reward", #"{"query":["5"," 6"],"labels":["5", 6]}"#)
            let body = try #require(r.body)
            #expect(body.doubles("rewards") == [1, 1])
            #expect(body["extra_logs"]?.objectValue?.doubles("prompt_stripped") == [0, 0])
            #expect(body["note"]?.stringValue?.contains("no 'prompts' were sent") == true)
        }
    }

    @Test("POST /get_reward gives a bad item reward 0 with a reason and keeps the others")
    func getRewardBadItems() async throws {
        try await withServer { client, _ in
            let r = try await client.post(
                "/get_reward",
                #"{"query":["a 1", 42, "a 1", "a 1", "a x"],"prompts":["a ","a ","a ","a ","a "],"labels":["1","1",null,[1],"{\"entry\": 1}"]}"#)
            #expect(r.status == 200)
            let body = try #require(r.body)
            #expect(body.doubles("rewards") == [1, 0, 0, 0, 0])
            #expect(body.strings("statuses") == ["equal", "invalid_input", "invalid_input", "invalid_input", "not_equal"])
            let reasons = body.strings("reasons")
            #expect(reasons[1].contains("query[1] is not a string"))
            #expect(reasons[2].contains("label is null"))
            #expect(reasons[3].contains("label must be a string"))
            #expect(body["extra_logs"]?.objectValue?.doubles("invalid_input") == [0, 1, 1, 1, 0])
        }
    }

    @Test("POST /get_reward with code labels and no code verifier: reward 0 with a reason")
    func getRewardWithoutCodeVerifier() async throws {
        try await withServer(code: nil) { client, _ in
            let r = try await client.post(
                "/get_reward", #"{"query":["return 1", "2"],"labels":[{"test":"assert f()==1","entry_point":"f"}, "2"]}"#)
            let body = try #require(r.body)
            #expect(body.doubles("rewards") == [0, 1])
            #expect(body.strings("reasons")[0].contains("does not run code"))
        }
    }

    @Test("POST /v1/math/verify answers with the CLI's JSONL fields, in order")
    func mathVerify() async throws {
        try await withServer { client, _ in
            let items: [JSONValue] = [
                ["id": 1, "gold": "3", "response": "3"],
                ["id": 2, "gold": "3", "answer": "4"],
                ["id": 3, "response": "4"],
                "not an object",
            ]
            let r = try await client.post("/v1/math/verify", ["items": .array(items)])
            #expect(r.status == 200)
            let results = try #require(r.body).objects("results")
            #expect(results.count == 4)
            // Same object as the CLI's output line for the same record.
            for i in 0..<3 {
                let line = BatchRunner.outputLine(for: items[i].jsonText, lineNumber: i + 1, verifier: EchoMathVerifier()).text
                #expect(results[i] == (try JSONValue.parseObject(line)))
            }
            #expect(results[0]["reward"] == 1)
            #expect(results[1]["status"] == "not_equal")
            #expect(results[2]["status"] == "invalid_input")
            #expect(results[2]["error"]?.stringValue?.contains("gold") == true)
            #expect(results[3]["error"] == "items[3] is not a JSON object")
            #expect(r.body?["count"] == 4)
        }
    }

    @Test("POST /v1/code/run withholds the code and returns one verdict per record")
    func codeRun() async throws {
        let sandbox = FakeSandboxVerifier()
        try await withServer(code: sandbox) { client, _ in
            let r = try await client.post(
                "/v1/code/run",
                #"{"items":[{"task_id":"a","program":"def f(): return 1","test":"t"},{"task_id":"b","program":"def f(): pass","test":"t"},{"task_id":"c","test":"t"}]}"#)
            #expect(r.status == 200)
            let results = try #require(r.body).objects("results")
            #expect(results.map { $0["task_id"]?.stringValue } == ["a", "b", "c"])
            #expect(results.map { $0["status"]?.stringValue } == ["passed", "failed", "invalid_input"])
            #expect(results.allSatisfy { $0["program"] == nil })
            #expect(sandbox.runs == 2)  // the record without a program never reaches the sandbox
        }
    }

    @Test("POST /v1/score/shape applies SCoRe's shaping to given or verified rewards")
    func shape() async throws {
        try await withServer { client, _ in
            let r = try await client.post("/v1/score/shape", #"{"alpha":10,"rewards":[[0,1],[1,0],[1,1,0]]}"#)
            #expect(r.status == 200)
            let shaped = try #require(r.body?["shaped"]?.arrayValue).map { ($0.arrayValue ?? []).compactMap(\.doubleValue) }
            #expect(shaped == [[0, 1], [1, 0], [1, 1, 0]].map { RewardShaping.shaped($0, alpha: 10) })

            let v = try await client.post(
                "/v1/score/shape",
                #"{"alpha":2,"rollouts":[{"label":"4","responses":["3","4"]},{"label":"4","responses":["4","5"]}]}"#)
            #expect(v.status == 200)
            let body = try #require(v.body)
            let raw = try #require(body["rewards"]?.arrayValue).map { ($0.arrayValue ?? []).compactMap(\.doubleValue) }
            #expect(raw == [[0, 1], [1, 0]])
            let shapedVerified = try #require(body["shaped"]?.arrayValue).map { ($0.arrayValue ?? []).compactMap(\.doubleValue) }
            #expect(shapedVerified == [[0, 3], [1, -2]])
        }
    }
}
