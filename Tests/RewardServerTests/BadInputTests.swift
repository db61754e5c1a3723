import Foundation
import Hummingbird
import HummingbirdTesting
import RewardServer
import Rewards
import Testing

@Suite("Reward server: bad input gets a 4xx with a JSON error that says what is wrong")
struct BadInputTests {
    /// (endpoint, body, expected status, a phrase the error must contain)
    static let cases: [(String, String, Int, String)] = [
        ("/get_reward", "{not json", 400, "not a JSON object"),
        ("/get_reward", "[1, 2]", 400, "expected a JSON object"),
        ("/get_reward", "", 400, "empty request body"),
        ("/get_reward", #"{"labels":["1"]}"#, 400, "missing field 'query'"),
        ("/get_reward", #"{"query":"1","labels":["1"]}"#, 400, "'query' must be a list"),
        ("/get_reward", #"{"query":["1"]}"#, 400, "missing field 'labels'"),
        ("/get_reward", #"{"query":["1"],"labels":"1"}"#, 400, "'labels' must be a list"),
        ("/get_reward", #"{"query":["1","2"],"labels":["1"]}"#, 400, "'labels' has 1 items but 'query' has 2"),
        ("/get_reward", #"{"query":["1"],"prompts":["a","b"],"labels":["1"]}"#, 400, "'prompts' has 2 items"),
        ("/get_reward", #"{"query":["1"],"prompts":"a","labels":["1"]}"#, 400, "'prompts' must be a list"),
        ("/v1/math/verify", #"{"records":[]}"#, 400, "missing field 'items'"),
        ("/v1/math/verify", #"{"items":{}}"#, 400, "'items' must be a list"),
        ("/v1/code/run", #"{"items":"x"}"#, 400, "'items' must be a list"),
        ("/v1/code/run", "\u{1}", 400, "not a JSON object"),
        ("/v1/score/shape", #"{"rewards":[[0,1]]}"#, 400, "missing field 'alpha'"),
        ("/v1/score/shape", #"{"alpha":"ten","rewards":[[0,1]]}"#, 400, "'alpha' must be a finite number"),
        ("/v1/score/shape", #"{"alpha":1,"rewards":[[]]}"#, 400, "rewards[0] must be a non-empty list"),
        ("/v1/score/shape", #"{"alpha":1,"rewards":[[0,"x"]]}"#, 400, "rewards[0][1] must be a finite number"),
        ("/v1/score/shape", #"{"alpha":1}"#, 400, "send 'rewards'"),
        ("/v1/score/shape", #"{"alpha":1,"rollouts":[{"responses":["1"]}]}"#, 400, "has no 'label'"),
        ("/v1/score/shape", #"{"alpha":1,"rollouts":[{"label":"1","responses":[]}]}"#, 400, "non-empty list of strings"),
    ]

    @Test("malformed JSON and missing or mismatched arrays", arguments: 0..<cases.count)
    func malformed(index: Int) async throws {
        let (endpoint, body, status, phrase) = Self.cases[index]
        try await withServer { client, _ in
            let r = try await client.post(endpoint, body)
            #expect(r.status == status, "\(endpoint) \(body)")
            #expect(r.headers[.contentType] == "application/json")
            let message = try #require(r.body).errorMessage
            #expect(message.contains(phrase), "\(message)")
        }
    }

    @Test("a body over --max-body-bytes gets 413, declared or streamed")
    func oversizeBody() async throws {
        try await withServer(configure: { $0.maxBodyBytes = 1000 }) { client, _ in
            let big = #"{"query":[""# + String(repeating: "x", count: 2000) + #""],"labels":["1"]}"#
            let r = try await client.post("/get_reward", big)
            #expect(r.status == 413)
            #expect(try #require(r.body).errorMessage.contains("limit is 1000"))
            let small = try await client.post("/get_reward", #"{"query":["1"],"labels":["1"]}"#)
            #expect(small.status == 200)
        }
    }

    @Test("more items than --max-items gets 413 on every batch endpoint")
    func tooManyItems() async throws {
        try await withServer(configure: { $0.maxItemsPerRequest = 3 }) { client, _ in
            let four = #"["1","1","1","1"]"#
            let a = try await client.post("/get_reward", #"{"query":\#(four),"labels":\#(four)}"#)
            #expect(a.status == 413)
            #expect(try #require(a.body).errorMessage.contains("at most 3"))
            let items = #"{"items":[{},{},{},{}]}"#
            #expect(try await client.post("/v1/math/verify", items).status == 413)
            #expect(try await client.post("/v1/code/run", items).status == 413)
            #expect(try await client.post("/v1/score/shape", #"{"alpha":1,"rewards":[[0,1],[1,1]]}"#).status == 413)
            #expect(try await client.post("/v1/math/verify", #"{"items":[{},{},{}]}"#).status == 200)
        }
    }

    @Test("unknown paths get 404 and wrong methods 405, as JSON")
    func routing() async throws {
        try await withServer { client, _ in
            let missing = try await client.get("/v2/nothing")
            #expect(missing.status == 404)
            #expect(try JSONValue.parseObject(missing.text).errorMessage.contains("no such endpoint"))
            let wrong = try await client.get("/get_reward")
            #expect(wrong.status == 405)
            #expect(try JSONValue.parseObject(wrong.text).errorMessage.contains("use POST"))
            #expect(try await client.post("/health", "{}").status == 405)
        }
    }
}
