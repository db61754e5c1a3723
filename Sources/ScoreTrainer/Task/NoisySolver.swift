/// How the scripted solver that writes the supervised traces goes wrong.
public struct SolverSettings: Codable, Sendable, Equatable {
    /// Fraction of multiplication facts (unordered a·b) the solver is unsure of.
    public var shakyFactFraction = 0.35
    /// Probability of recalling a shaky fact correctly. Below 0.5 its habit is the wrong product,
    /// so a model that imitates it greedily is wrong there, while sampling still finds the right one.
    public var shakyRecall = 0.4
    /// Probability of an addition slip (a·b + c off by 1 or 10) in one solution.
    public var slipRate = 0.1
    /// Probability that a later attempt restates the previous attempt's value (possibly in another
    /// written form) rather than solving afresh. Solving afresh is as good as the first try, so the
    /// traces' second attempts are no better than their first ones on average.
    public var keepRate = 0.5
    /// Relative weights of the answer forms: unreduced fraction, lowest terms, decimal.
    public var formWeights: [Double] = [0.5, 0.3, 0.2]

    public init() {}
}

/// A scripted, noisy solver of the toy-math task that writes multi-attempt traces.
///
/// Its flaws (which facts are shaky and what it wrongly recalls for them) are fixed by the task seed;
/// each solution then draws its own luck from the caller's generator.
public struct NoisySolver: Sendable {
    public let settings: SolverSettings
    private let flawSeed: UInt64

    public init(settings: SolverSettings, taskSeed: UInt64) {
        self.settings = settings
        self.flawSeed = SeededGenerator.derive(taskSeed, 0x50_4C_56)
    }

    /// The wrong product the solver habitually recalls for a shaky fact, or nil if the fact is sound.
    public func flawedProduct(_ a: Int, _ b: Int) -> Int? {
        let (x, y) = (min(a, b), max(a, b))
        var rng = SeededGenerator(seed: SeededGenerator.derive(flawSeed, UInt64(x * 1000 + y)))
        guard rng.unit() < settings.shakyFactFraction else { return nil }
        // A neighbouring table entry or a tens slip: the kind of wrong product people recall.
        let candidates = [x * y + x, x * y - x, x * y + y, x * y - y, x * y + 10, x * y - 10].filter { $0 >= 0 && $0 != x * y }
        return candidates[Int(rng.next() % UInt64(candidates.count))]
    }

    /// One solution: the numerator the solver arrives at over the problem's divisor.
    public func solve(_ p: ArithmeticProblem, using rng: inout SeededGenerator) -> (numerator: Int, denominator: Int) {
        var product = p.a * p.b
        if let wrong = flawedProduct(p.a, p.b), rng.unit() >= settings.shakyRecall { product = wrong }
        var numerator = product + p.c
        if rng.unit() < settings.slipRate {
            let slips = [1, -1, 10, -10]
            numerator += slips[Int(rng.next() % 4)]
            if numerator < 0 { numerator = -numerator }
        }
        return (numerator, p.d)
    }

    /// A written answer for numerator/denominator in a randomly chosen form.
    public func write(numerator: Int, denominator: Int, using rng: inout SeededGenerator) -> String {
        let forms = AnswerForm.allCases
        let weights = forms.indices.map { $0 < settings.formWeights.count ? max(0, settings.formWeights[$0]) : 0 }
        let total = weights.reduce(0, +)
        var pick = rng.unit() * (total > 0 ? total : 1)
        var form = forms[0]
        for (f, w) in zip(forms, weights) {
            if pick < w { form = f; break }
            pick -= w
        }
        return form.render(numerator: numerator, denominator: denominator)
    }

    /// A trace of `attempts` written answers: attempt 1 solves; each later attempt either restates the
    /// previous value or solves again.
    public func trace(_ p: ArithmeticProblem, attempts: Int, using rng: inout SeededGenerator) -> [String] {
        var answers: [String] = []
        var value = solve(p, using: &rng)
        answers.append(write(numerator: value.numerator, denominator: value.denominator, using: &rng))
        for _ in 1..<max(1, attempts) {
            if rng.unit() >= settings.keepRate { value = solve(p, using: &rng) }
            answers.append(write(numerator: value.numerator, denominator: value.denominator, using: &rng))
        }
        return answers
    }
}
