import CodeVerifier
import Foundation
import Rewards
import SandboxTestSupport
import Testing

/// HumanEval problems (MIT-licensed fixture) with canonical, rewritten and subtly wrong solutions.
@Suite("HumanEval problems", .needsSandbox)
struct HumanEvalTests {
    static let problems: [String: JSONObject] = {
        guard let text = try? String(contentsOf: Shared.fixture("HumanEval.jsonl"), encoding: .utf8) else { return [:] }
        var byID: [String: JSONObject] = [:]
        for line in text.split(separator: "\n") {
            if let o = try? JSONValue.parseObject(String(line)), let id = o["task_id"]?.stringValue { byID[id] = o }
        }
        return byID
    }()

    static let variants: [JSONObject] = {
        guard let text = try? String(contentsOf: Shared.fixture("humaneval_variants.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONValue.parseObject(String($0)) }
    }()

    @Test(arguments: ["HumanEval/0", "HumanEval/32", "HumanEval/38", "HumanEval/53", "HumanEval/162", "HumanEval/163"])
    func canonicalSolutionPasses(_ id: String) throws {
        let problem = try #require(Self.problems[id])
        var record = problem
        record["completion"] = problem["canonical_solution"]
        let verdict = try Shared.verifier.verify(record: record)
        #expect(verdict.reward == 1, "\(id): \(verdict)")
    }

    @Test(arguments: 0..<15)
    func variantIsJudgedRight(_ index: Int) throws {
        try #require(index < Self.variants.count)
        let variant = Self.variants[index]
        let id = try #require(variant["task_id"]?.stringValue)
        var record = try #require(Self.problems[id])
        record["completion"] = variant["completion"]
        let verdict = try Shared.verifier.verify(record: record)
        let expected = variant["expected_reward"]?.doubleValue
        #expect(verdict.reward == expected, "\(id) \(variant["variant"]?.stringValue ?? ""): \(verdict)")
    }

    @Test func emptyCompletionFails() throws {
        var record = try #require(Self.problems["HumanEval/23"])
        record["completion"] = "    pass\n"
        let verdict = try Shared.verifier.verify(record: record)
        #expect(verdict.reward == 0)
        #expect(verdict.status == .failed)
    }
}
