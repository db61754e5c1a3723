import Foundation
import Rewards
import Testing

@testable import MathVerifier

/// Runs every pair of `fixtures/math/labelled.jsonl` and requires the verdict to match its label.
@Suite("Labelled fixtures")
struct LabelledFixtureTests {
    static var fixturePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/math/labelled.jsonl").path
    }

    @Test(arguments: ["labelled.jsonl", "heldout.jsonl", "heldout2.jsonl"])
    func everyLabelledPairMatches(file: String) throws {
        let path = Self.fixturePath.replacingOccurrences(of: "labelled.jsonl", with: file)
        guard file == "labelled.jsonl" || FileManager.default.fileExists(atPath: path) else { return }
        let pairs = try MathBenchmark.load(path: path)
        try #require(pairs.count >= (file == "labelled.jsonl" ? 500 : 1))
        let verifier = MathAnswerVerifier()
        var failuresByRule: [String: [String]] = [:]
        for p in pairs {
            guard let expected = p.expected else { continue }
            let v = verifier.verify(p.gold, response: p.response)
            if v.isCorrect != expected {
                failuresByRule[p.rule ?? "?", default: []].append(
                    "expected \(expected): gold=\(p.gold.prefix(80)) answer=\(p.response.prefix(120)) -> \(v.status) \(v.reason)")
            }
        }
        for (rule, list) in failuresByRule.sorted(by: { $0.key < $1.key }) {
            print("[\(rule)] \(list.count) failing:")
            for line in list { print("  " + line) }
        }
        #expect(failuresByRule.isEmpty, "\(failuresByRule.values.map(\.count).reduce(0, +)) labelled pairs disagree")
    }

    @Test func examplesAreAllCorrectAnswers() throws {
        let path = Self.fixturePath.replacingOccurrences(of: "labelled.jsonl", with: "examples.jsonl")
        let pairs = try MathBenchmark.load(path: path)
        let verifier = MathAnswerVerifier()
        for p in pairs where p.expected != nil {
            #expect(verifier.verify(p.gold, response: p.response).isCorrect == p.expected, "\(p.gold)")
        }
    }
}
