/// The ranges of the toy-math task and its fixed split into training and held-out problems.
public struct TaskSettings: Codable, Sendable, Equatable {
    /// Range of the two factors a and b.
    public var factorMin = 2
    public var factorMax = 9
    /// Range of the addend c.
    public var addendMin = 0
    public var addendMax = 19
    /// Range of the divisor d.
    public var divisorMin = 2
    public var divisorMax = 9
    /// Held-out evaluation problems, never used in any training stage.
    public var evalProblems = 2000
    /// Seed of the split and of the solver's flaws: fixed across training seeds, so every seed is
    /// scored on the same held-out problems.
    public var taskSeed: UInt64 = 20_241_112

    public init() {}

    /// A one-line description for reports.
    public var summary: String {
        "(a*b+c)/d with a,b in \(factorMin)-\(factorMax), c in \(addendMin)-\(addendMax), "
            + "d in \(divisorMin)-\(divisorMax), exact rational answer"
    }
}

/// Every problem of the task, split once into disjoint training and held-out sets.
public struct ProblemSet: Sendable {
    public let train: [ArithmeticProblem]
    public let eval: [ArithmeticProblem]

    /// What is wrong with a task's settings.
    public struct InvalidSettings: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ s: TaskSettings) throws {
        guard s.factorMin >= 0, s.factorMin <= s.factorMax, s.addendMin >= 0, s.addendMin <= s.addendMax,
            s.divisorMin >= 1, s.divisorMin <= s.divisorMax
        else { throw InvalidSettings(description: "task ranges must be non-empty and non-negative (divisor >= 1)") }
        var all: [ArithmeticProblem] = []
        for a in s.factorMin...s.factorMax {
            for b in s.factorMin...s.factorMax {
                for c in s.addendMin...s.addendMax {
                    for d in s.divisorMin...s.divisorMax { all.append(ArithmeticProblem(a: a, b: b, c: c, d: d)) }
                }
            }
        }
        guard s.evalProblems >= 1, s.evalProblems * 2 <= all.count else {
            throw InvalidSettings(
                description: "the task has \(all.count) problems; --eval-problems must be 1...\(all.count / 2) "
                    + "so at least as many remain for training")
        }
        var rng = SeededGenerator(seed: s.taskSeed)
        all.shuffle(using: &rng)
        eval = Array(all[..<s.evalProblems])
        train = Array(all[s.evalProblems...])
    }
}
