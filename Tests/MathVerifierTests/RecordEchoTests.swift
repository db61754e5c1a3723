import MathVerifier
import Rewards
import Testing

/// The batch contract: every input field comes back unchanged, verdict fields never overwrite a
/// caller's field of another meaning (a fixture's `rule` category, for one).
@Suite struct RecordEchoTests {
    @Test func inputFieldsSurviveTheVerdict() throws {
        let line = #"{"id":"q1","rule":"fraction","gold":"\\frac12","answer":"0.5"}"#
        let out = BatchRunner.outputLine(for: line, lineNumber: 1, verifier: MathAnswerVerifier())
        let o = try JSONValue.parseObject(out.text)
        #expect(o["rule"] == .string("fraction"))
        #expect(o["id"] == .string("q1"))
        #expect(o["reward"]?.intValue == 1)
        #expect(o["decided_by"] != nil)
    }
}
