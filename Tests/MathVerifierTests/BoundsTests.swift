import Rewards
import Testing

@testable import MathVerifier

/// Hostile inputs end as clean verdicts (reward 0), never a crash or a hang.
@Suite("Bounds")
struct BoundsTests {
    let verifier = MathAnswerVerifier()

    @Test(arguments: [
        "10^{10^{10}}", "5^{5^{5^{5^5}}}", "9^{9^{9}}", "2^{2^{100}}", "1e999999999", "10^{-10^{10}}", "1000!",
        "\\frac{100000!}{100000!}", "x^{100000}", "(x+y+z+1)^{30}", "\\sqrt{1000000000000000000000000000001}",
        String(repeating: "9", count: 5000),
    ])
    func tooLargeIsUnverifiable(answer: String) {
        let v = verifier.verify("1", response: answer)
        #expect(v.status == .unverifiable, "\(answer.prefix(40)): \(v.status) \(v.reason)")
        #expect(v.reward == 0)
        #expect(!v.reason.isEmpty)
    }

    @Test func deepNestingIsUnverifiable() {
        for (open, close) in [("{", "}"), ("(", ")"), ("\\boxed{", "}")] {
            let s = String(repeating: open, count: 1000) + "2" + String(repeating: close, count: 1000)
            let v = verifier.verify("2", response: s)
            #expect(v.status == .unverifiable, "\(open): \(v.reason)")
        }
    }

    @Test func hugeResponseIsUnverifiable() {
        let s = String(repeating: "Let me think. ", count: 80_000) + "\\boxed{5}"
        let v = verifier.verify("5", response: s)
        #expect(v.status == .unverifiable)
        #expect(v.reason.contains("longer than"))
    }

    @Test func identicalHugeAnswersAreStillUnverifiable() {
        #expect(verifier.verify("10^{10^{10}}", response: "10^{10^{10}}").status == .unverifiable)
    }

    @Test(arguments: ["", "\\frac{1}{2", "}}}", "NaN", "nan", "\\frac{}{}", "^^^", "$$", "\\", "1/0", "0/0", "\\log 0"])
    func oddInputsGetClearVerdicts(answer: String) {
        let v = verifier.verify("1", response: answer)
        #expect(v.reward == 0)
        #expect([VerdictStatus.notEqual, .noAnswer, .unverifiable].contains(v.status), "\(answer): \(v.status)")
    }

    @Test func undefinedGoldIsUnverifiable() {
        #expect(verifier.verify("1/0", response: "1/0").status == .unverifiable)
    }
}
