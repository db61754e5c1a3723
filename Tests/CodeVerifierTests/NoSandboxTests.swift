import CodeVerifier
import Foundation
import Rewards
import Testing

/// What the code verifier does before (or without) a sandbox: records, fixtures, matching.
/// These run everywhere, also where the sandbox suites are skipped.
@Suite("Code verifier records and fixtures (no sandbox needed)")
struct NoSandboxTests {
    @Test func badRecordsAreInvalid() {
        let verifier = Shared.verifier
        #expect(throws: InvalidRecord.self) { try verifier.verify(record: ["test": "x", "entry_point": "f"]) }
        #expect(throws: InvalidRecord.self) { try verifier.verify(record: ["program": "x"]) }
        #expect(throws: InvalidRecord.self) {
            try verifier.verify(record: ["program": "x", "inputs": ["1"], "outputs": []])
        }
    }

    @Test func outputMatchIgnoresOnlyTrailingWhitespace() {
        #expect(OutputMatch.matches("1 2\r\n3\n\n", expected: "1 2\n3"))
        #expect(!OutputMatch.matches("1  2\n", expected: "1 2\n"))
        #expect(!OutputMatch.matches("12", expected: "1 2"))
        // Byte for byte: canonically equivalent text is still different output.
        #expect(!OutputMatch.matches("cafe\u{301}", expected: "caf\u{E9}"))
        #expect(!OutputMatch.matches("\u{212B}", expected: "\u{C5}"))
        // Stray carriage returns before a newline are line-ending noise.
        #expect(OutputMatch.matches("1 2  \r\r\n", expected: "1 2"))
    }

    @Test func missingJailIsASandboxErrorVerdict() throws {
        var options = SandboxOptions()
        options.jailPath = "/nonexistent/score-jail"
        let verifier = PythonCodeVerifier(options: options)
        let verdict = try verifier.verify(record: humanEval("def f(x):\n    return x\n", test: "def check(c):\n    assert c(1) == 1\n", entry: "f"))
        #expect(verdict.reward == 0)
        #expect(verdict.status == .sandboxError)
        #expect(verdict.reason.contains("score-jail not found"))
    }

    @Test func fixturesAreComplete() {
        #expect(HumanEvalTests.problems.count == 164)
        #expect(HumanEvalTests.variants.count >= 12)
        #expect(Attack.all().count >= 40)
    }
}
