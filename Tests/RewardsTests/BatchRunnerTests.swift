import Foundation
import Testing

@testable import Rewards

/// A verifier that rewards records whose `answer` equals `gold`, and sleeps a little on some
/// records so that workers finish out of order.
private struct EchoVerifier: RecordVerifier {
    var withheldFields: Set<String> { ["secret"] }
    func verify(record: JSONObject) throws(InvalidRecord) -> Verdict {
        let gold = try record.requireString("gold")
        let answer = try record.requireString("answer", "response")
        if let n = Int(answer), n % 3 == 0 { usleep(2000) }
        return gold == answer
            ? Verdict(reward: 1, status: .equal, reason: "same text")
            : Verdict(reward: 0, status: .notEqual, reason: "different text")
    }
}

@Suite struct BatchRunnerTests {
    private func runBatch(_ input: String, jobs: Int) throws -> [JSONObject] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sv-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inPath = dir.appendingPathComponent("in.jsonl").path
        let outPath = dir.appendingPathComponent("out.jsonl").path
        try input.write(toFile: inPath, atomically: true, encoding: .utf8)
        let reader = try LineReader(path: inPath)
        let fd = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        BatchRunner(jobs: jobs, window: 8, showProgress: false)
            .run(reader: reader, verifier: EchoVerifier(), output: LineWriter(fileDescriptor: fd))
        close(fd)
        let text = try String(contentsOfFile: outPath, encoding: .utf8)
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            try JSONValue.parseObject(String($0))
        }
    }

    @Test(arguments: [1, 4])
    func oneOrderedOutputLinePerInputLine(jobs: Int) throws {
        var lines: [String] = []
        for i in 0..<200 {
            switch i % 10 {
            case 7: lines.append("not json")
            case 8: lines.append("")
            case 9: lines.append(#"{"id":\#(i),"gold":"1"}"#)  // missing answer
            default: lines.append(#"{"id":\#(i),"gold":"\#(i % 2 == 0 ? i : 0)","answer":"\#(i)","secret":"x"}"#)
            }
        }
        let out = try runBatch(lines.joined(separator: "\n") + "\n", jobs: jobs)
        #expect(out.count == 200)
        for (i, o) in out.enumerated() {
            switch i % 10 {
            case 7, 8:
                #expect(o["line"]?.intValue == i + 1)
                #expect(o["error"] != nil)
                #expect(o["reward"]?.intValue == 0)
            case 9:
                #expect(o["id"]?.intValue == i)
                #expect(o["error"]?.stringValue?.contains("answer") == true)
            default:
                #expect(o["id"]?.intValue == i)
                #expect(o["secret"] == nil)
                #expect(o["reward"]?.intValue == (i % 2 == 0 ? 1 : 0))
            }
        }
    }

    @Test func lastLineWithoutNewlineIsKept() throws {
        let out = try runBatch(#"{"gold":"a","answer":"a"}"# + "\n" + #"{"gold":"a","answer":"b"}"#, jobs: 2)
        #expect(out.map { $0["reward"]?.intValue } == [1, 0])
    }

    @Test func outputObjectEchoesFieldsThenVerdictOrError() {
        let right = BatchRunner.outputObject(for: ["id": 7, "secret": "x", "gold": "a", "answer": "a"], verifier: EchoVerifier())
        #expect(right.object.keys == ["id", "gold", "answer", "reward", "status", "reason"])
        #expect(right.reward == 1 && !right.isError)
        let broken = BatchRunner.outputObject(for: ["id": 8, "gold": "a"], verifier: EchoVerifier())
        #expect(broken.isError && broken.reward == 0)
        #expect(broken.object["status"] == "invalid_input")
        #expect(broken.object["error"]?.stringValue?.contains("answer") == true)
    }
}
