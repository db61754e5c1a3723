import Rewards

#if canImport(Glibc)
    import Glibc
#endif

/// Measures single-thread verification throughput and accuracy against labels.
public struct MathBenchmark: Sendable {
    /// One benchmark pair: gold, response, and the label when known.
    public struct Pair: Sendable {
        public var gold: String
        public var response: String
        public var expected: Bool?
        public var rule: String?
        public init(gold: String, response: String, expected: Bool? = nil, rule: String? = nil) {
            self.gold = gold
            self.response = response
            self.expected = expected
            self.rule = rule
        }
    }

    /// What a run measured.
    public struct Result: Sendable {
        public var pairs: Int
        public var verifications: Int
        public var seconds: Double
        /// CPU time the measuring thread used (on a shared machine, less than `seconds`).
        public var cpuSeconds: Double
        public var perSecond: Double { seconds > 0 ? Double(verifications) / seconds : 0 }
        /// Verifications per second of CPU time on the measuring thread.
        public var perCPUSecond: Double { cpuSeconds > 0 ? Double(verifications) / cpuSeconds : 0 }
        /// Pairs with a label, and how many of them the verifier got right.
        public var labelled: Int
        public var correct: Int
        /// Labelled pairs the verifier got wrong, as (rule, gold, answer, expected).
        public var mistakes: [(rule: String, gold: String, answer: String, expected: Bool)]
    }

    public var pairs: [Pair]

    public init(pairs: [Pair]) { self.pairs = pairs }

    /// Reads JSONL pairs (`gold`, `answer` or `response`, optional `expected` and `rule`).
    public static func load(path: String) throws(InvalidRecord) -> [Pair] {
        let reader = try LineReader(path: path)
        var out: [Pair] = []
        var number = 0
        while let line = reader.next() {
            number += 1
            if line.allSatisfy({ $0 == " " }) { continue }
            let o: JSONObject
            do { o = try JSONValue.parseObject(line) } catch { throw InvalidRecord("line \(number): \(error.description)") }
            out.append(
                Pair(
                    gold: try o.requireString("gold"), response: try o.requireString("answer", "response"),
                    expected: o["expected"]?.boolValue, rule: o["rule"]?.stringValue))
        }
        return out
    }

    /// A built-in mix of realistic pairs, used when no fixture file is given.
    public static let builtInMix: [Pair] = [
        Pair(gold: "\\frac{1}{2}", response: "The probability is $\\boxed{0.5}$.", expected: true),
        Pair(gold: "1000", response: "So the total is \\boxed{1,000}", expected: true),
        Pair(gold: "\\frac{\\sqrt{2}}{2}", response: "\\boxed{\\frac{1}{\\sqrt2}}", expected: true),
        Pair(gold: "3", response: "x = 3", expected: true),
        Pair(gold: "[-2,7]", response: "\\boxed{[-2,7)}", expected: false),
        Pair(gold: "x^2+2x+1", response: "The answer is $(x+1)^2$.", expected: true),
        Pair(gold: "\\{1,2\\}", response: "x=2 or x=1", expected: true),
        Pair(gold: "\\frac{\\pi}{2}", response: "Final Answer: The final answer is $0.5\\pi$. I hope it is correct.", expected: true),
        Pair(gold: "12", response: "We compute 3*4 = 12.\n#### 12", expected: true),
        Pair(gold: "0.333", response: "\\boxed{\\frac13}", expected: false),
        Pair(gold: "3+4i", response: "\\boxed{(2+i)^2}", expected: true),
        Pair(gold: "\\text{(C)}", response: "The answer is (C).", expected: true),
    ]

    /// Verifies the pairs round-robin on the calling thread for about `seconds` seconds (at least
    /// one full pass), and checks each labelled pair once.
    public func run(verifier: MathAnswerVerifier, seconds: Double) -> Result {
        var labelled = 0, correct = 0
        var mistakes: [(rule: String, gold: String, answer: String, expected: Bool)] = []
        for p in pairs {
            guard let e = p.expected else { continue }
            labelled += 1
            if verifier.verify(p.gold, response: p.response).isCorrect == e {
                correct += 1
            } else {
                mistakes.append((p.rule ?? "?", p.gold, p.response, e))
            }
        }
        let start = MathBenchmark.now()
        let cpuStart = MathBenchmark.threadCPUTime()
        var count = 0
        var elapsed = 0.0
        var checksum = 0.0
        repeat {
            for p in pairs { checksum += verifier.verify(p.gold, response: p.response).reward }
            count += pairs.count
            elapsed = MathBenchmark.now() - start
        } while elapsed < seconds && !pairs.isEmpty
        precondition(checksum >= 0)
        return Result(
            pairs: pairs.count, verifications: count, seconds: elapsed, cpuSeconds: MathBenchmark.threadCPUTime() - cpuStart,
            labelled: labelled, correct: correct,
            mistakes: mistakes)
    }

    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
