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
        (#"x \in [1,2]"#, #"[1,2]"#),
        (#"\frac{1\pm\sqrt5}{2}"#, #"\frac{1+\sqrt5}{2}, \frac{1-\sqrt5}{2}"#),
        (#"\begin{pmatrix}1\\2\end{pmatrix}"#, #"(1,2)"#),
        (#"x=2"#, #"2=x"#),
        (#"1"#, #"\tan 45^\circ"#),
        (#"\frac{\pi}{6}"#, #"\arcsin\frac12"#),
        (#"\sqrt2"#, #"2^{1/2}"#),
        (#"\frac{1}{2}x"#, #"x/2"#),
        (#"0.5x"#, #"\frac{x}{2}"#),
        (#"\frac{\sqrt{3}}{3}"#, #"\dfrac{1}{\sqrt{3}}"#),
        (#"\infty"#, #"+\infty"#),
        (#"-\infty"#, #"-∞"#),
        (#"[2,\infty)"#, #"x \ge 2"#),
        (#"5"#, #"5\text{ cm}^2"#),
        (#"2x+1"#, #"y=2x+1"#),
        (#"\frac{3}{2}"#, #"1.5"#),
        (#"x^2-1"#, #"(x-1)(x+1)"#),
        (#"2"#, #"\sqrt{4}"#),
        (#"-1"#, #"i^2"#),
        (#"\sqrt{2}+\sqrt{3}"#, #"\sqrt{3}+\sqrt{2}"#),
        (#"\{1,2,3\}"#, #"\{3,2,1\}"#),
        (#"y = x^2"#, #"x^2 = y"#),
        (#"3x+2y=6"#, #"y=-\frac32x+3"#),
        (#"x \le -1 \text{ or } x \ge 1"#, #"(-\infty,-1]\cup[1,\infty)"#),
        (#"4"#, #"2^2"#),
        (#"0.1"#, #"\frac{1}{10}"#),
        (#"\frac{7}{3}"#, #"2\frac13"#),
        (#"1.5"#, #"\frac{3}{2}"#),
        (#"12\%"#, #"12"#),
        (#"\$12.50"#, #"12.5"#),
        (#"\text{odd}"#, #"Odd"#),
        (#"\text{A}"#, #"A"#),
        (#"(A)"#, #"\textbf{(A)}"#),
        (#"2"#, #"\log_3 9"#),
        (#"\frac{1}{2}"#, #"\log_4 2"#),
        (#"6"#, #"3!"#),
        (#"\binom{6}{3}"#, #"20"#),
        (#"\cos^2 x + \sin^2 x"#, #"1"#),
        (#"\frac{\sin x}{\cos x}"#, #"\tan x"#),
        (#"100"#, #"10^2"#),
        (#"1000000"#, #"10^6"#),
        (#"1.5\times 10^{-3}"#, #"0.0015"#),
        (#"x^{2}"#, #"x^2"#),
        (#"\frac{a}{b}"#, #"a/b"#),
        (#"a+b"#, #"b+a"#),
        (#"ab"#, #"ba"#),
        (#"2(x+1)"#, #"2x+2"#),
        (#"\frac{2}{x}"#, #"2x^{-1}"#),
        (#"e^2"#, #"e\cdot e"#),
        (#"\ln 8"#, #"3\ln 2"#),
        (#"10"#, #"\boxed{10}"#),
        (#"10"#, #"$10$"#),
        (#"10"#, #"\(10\)"#),
        (#"-3"#, #"- 3"#),
        (#"3"#, #"03.00"#),
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
        (#"\sqrt{5+2\sqrt6}"#, #"\sqrt2+\sqrt3"#),
        (#"\{1,2,3\}"#, #"\{1,2\}"#),
        (#"(0,1)"#, #"(0,1]"#),
        (#"x>5"#, #"x\geq5"#),
        (#"2\pi"#, #"360^\circ"#),
        (#"1/4"#, #"25\%"#),
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
        #expect(v.detail["decided_by"] == .string("value"))
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
