import Rewards
import Testing

@testable import MathVerifier

/// Each rule of the issue, both ways (equal and not equal).
@Suite("Equivalence rules")
struct EquivalenceTests {
    let verifier = MathAnswerVerifier()

    static let equalPairs: [(String, String)] = [
        (#"1000"#, #"1,000"#),
        (#"1000"#, #"1000.0"#),
        (#"-5"#, #"−5"#),
        (#"007"#, #"7"#),
        (#"0.5"#, #"\frac12"#),
        (#"3/4"#, #"0.75"#),
        (#"1500"#, #"1.5e3"#),
        (#"1500"#, #"1.5\times10^{3}"#),
        (#"\frac{2}{4}"#, #"1/2"#),
        (#"\frac{31}{4}"#, #"7\frac{3}{4}"#),
        (#"31/4"#, #"7 3/4"#),
        (#"\frac13"#, #"0.\overline{3}"#),
        (#"1024"#, #"2^{10}"#),
        (#"120"#, #"5!"#),
        (#"\frac{1}{6}"#, #"0.1\overline{6}"#),
        (#"\dfrac{3}{4}"#, #"\tfrac34"#),
        (#"-\frac{1}{2}"#, #"\frac{-1}{2}"#),
        (#"2\sqrt2"#, #"\sqrt{8}"#),
        (#"2"#, #"\sqrt[3]{8}"#),
        (#"\frac{\sqrt2}{2}"#, #"\frac{1}{\sqrt2}"#),
        (#"\frac{\pi}{2}"#, #"0.5\pi"#),
        (#"3+4i"#, #"(2+i)^2"#),
        (#"i"#, #"\sqrt{-1}"#),
        (#"3"#, #"\log_2 8"#),
        (#"1"#, #"\ln e"#),
        (#"10"#, #"\binom{5}{2}"#),
        (#"\frac{1}{2}"#, #"\sin 30^\circ"#),
        (#"\frac{\sqrt3}{2}"#, #"\cos\frac{\pi}{6}"#),
        (#"x^2+2x+1"#, #"(x+1)^2"#),
        (#"2x"#, #"x2"#),
        (#"\sec^2 y"#, #"\tan^2 y+1"#),
        (#"\sqrt{12}"#, #"2\sqrt{3}"#),
        (#"\frac{x^2-1}{x-1}"#, #"x+1"#),
        (#"3"#, #"x=3"#),
        (#"y=2x+3"#, #"2x-y+3=0"#),
        (#"x<3"#, #"3>x"#),
        (#"x=3"#, #"3"#),
        (#"(1,-2)"#, #"x=1, y=-2"#),
        (#"[-2,7]"#, #"-2 \le x \le 7"#),
        (#"\{1,2\}"#, #"\{2,1\}"#),
        (#"1, 2"#, #"2, 1"#),
        (#"x=1 \text{ or } x=2"#, #"1,2"#),
        (#"\pm 2"#, #"2,-2"#),
        (#"2:3"#, #"4:6"#),
        (#"11"#, #"1011_2"#),
        (#"\begin{pmatrix}1\\2\end{pmatrix}"#, #"\begin{pmatrix}1\\2\end{pmatrix}"#),
        (#"(-\infty,3)"#, #"x<3"#),
        (#"(-\infty, 1) \cup (1, \infty)"#, #"x \neq 1"#),
        (#"[1,3]\cup[2,5]"#, #"[1,5]"#),
        (#"\emptyset"#, #"\{\}"#),
        (#"\pi"#, #"π"#),
        (#"\infty"#, #"∞"#),
        (#"\sqrt2"#, #"√2"#),
        (#"6"#, #"2×3"#),
        (#"x\le 3"#, #"x ≤ 3"#),
        (#"5"#, #"5\text{ cm}"#),
        (#"30"#, #"30^\circ"#),
        (#"5"#, #"\$5"#),
        (#"50"#, #"50\%"#),
        (#"10"#, #"10 dollars"#),
        (#"(x+1)"#, #"\left(x+1\right)"#),
        (#"C"#, #"(C)"#),
        (#"\text{(C)}"#, #"C"#),
        (#"\text{Evelyn}"#, #"Evelyn"#),
        (#"Evelyn"#, #"evelyn"#),
        (#"12"#, #"We compute 3*4 = 12.\#n#### 12"#),
        (#"5"#, #"Final Answer: The final answer is $5$. I hope it is correct."#),
        (#"5"#, #"The answer is 5."#),
        (#"7"#, #"so \boxed{5} then \boxed{7}"#),
        (#"42"#, #"there are 42 apples in total"#),
    ]

    static let differentPairs: [(String, String)] = [
        (#"12"#, #"1,2"#),
        (#"1/3"#, #"0.333"#),
        (#"1/3"#, #"0.3333333"#),
        (#"\pi"#, #"3.14159"#),
        (#"\sqrt2"#, #"1.4142"#),
        (#"x^2+2x+1"#, #"(x+1)^3"#),
        (#"2\sqrt{3}"#, #"3\sqrt{2}"#),
        (#"x=3"#, #"y=3"#),
        (#"x<3"#, #"x\le3"#),
        (#"[-2,7]"#, #"[-2,7)"#),
        (#"\begin{pmatrix}1&2\\3&4\end{pmatrix}"#, #"\begin{bmatrix}1&2\\3&5\end{bmatrix}"#),
        (#"(1,2)"#, #"(2,1)"#),
        (#"0.5"#, #"50\%"#),
        (#"\frac{\pi}{6}"#, #"30^\circ"#),
        (#"Evelyn"#, #"Evelny"#),
        (#"(B)"#, #"C"#),
    ]

    @Test(arguments: equalPairs)
    func equal(gold: String, answer: String) {
        let v = verifier.verify(gold, response: answer)
        #expect(v.status == .equal, "\(gold) vs \(answer): \(v.reason) \(v.detail.jsonText)")
        #expect(v.reward == 1)
        #expect(v.detail["equal"] == .bool(true))
    }

    @Test(arguments: differentPairs)
    func notEqual(gold: String, answer: String) {
        let v = verifier.verify(gold, response: answer)
        #expect(v.reward == 0, "\(gold) vs \(answer): \(v.detail.jsonText)")
        #expect(v.detail["equal"] == .bool(false))
    }

    @Test func verdictExplainsItself() {
        let v = verifier.verify("\\frac{1}{2}", response: "So $\\boxed{0.5}$.")
        #expect(v.detail["extracted"] == .string("0.5"))
        #expect(v.detail["gold_normalized"] == .string("1/2"))
        #expect(v.detail["answer_normalized"] == .string("1/2"))
        #expect(v.detail["rule"] == .string("value"))
    }

    @Test func readsRecordsWithAnswerOrResponse() throws {
        let a = try verifier.verify(record: ["gold": "2", "answer": "2"])
        let b = try verifier.verify(record: ["gold": "2", "response": "The answer is 2."])
        #expect(a.reward == 1 && b.reward == 1)
        #expect(throws: InvalidRecord.self) { try verifier.verify(record: ["answer": "2"]) }
    }

    @Test func statusesForMissingAnswers() {
        #expect(verifier.verify("2", response: "").status == .noAnswer)
        #expect(verifier.verify("", response: "2").status == .unverifiable)
        #expect(verifier.verify("1", response: "1/0").status == .notEqual)
    }
}
