/// Which procedurally generated task an experiment trains on.
public enum TaskKind: String, Codable, Sendable, CaseIterable {
    /// (a·b + c) / d as an exact rational: the answer is a bare value.
    case arithmetic
    /// Countdown: an expression over given numbers that reaches a target; the answer shows its work.
    case countdown
}

/// The ranges of the Countdown task.
public struct CountdownSettings: Codable, Sendable, Equatable {
    /// Numbers per problem, each drawn from smallest...largest (repeats allowed).
    public var numbers = 4
    public var smallest = 1
    public var largest = 9
    /// Numbers the generating expression uses.
    public var operandsInTarget = 3
    /// Operators of the generating expressions and the solver (`+-*`).
    public var operators = "+-*"
    /// Range of targets kept.
    public var targetMin = 1
    public var targetMax = 99
    /// Keep only targets that no expression over fewer numbers reaches (so every solution needs
    /// `operandsInTarget` numbers and attempt 1 cannot reach ceiling accuracy by pattern matching).
    public var requireAllOperands = true

    public init() {}
}

/// The task of an experiment and its fixed split into training and held-out problems.
public struct TaskSettings: Codable, Sendable, Equatable {
    public var kind: TaskKind = .arithmetic
    /// Range of the two factors a and b (arithmetic).
    public var factorMin = 2
    public var factorMax = 9
    /// Range of the addend c (arithmetic).
    public var addendMin = 0
    public var addendMax = 19
    /// Range of the divisor d (arithmetic).
    public var divisorMin = 2
    public var divisorMax = 9
    public var countdown = CountdownSettings()
    /// Held-out evaluation problems, never used in any training stage.
    public var evalProblems = 2000
    /// Seed of the split and of the solver's flaws: fixed across training seeds, so every seed is
    /// scored on the same held-out problems.
    public var taskSeed: UInt64 = 20_241_112

    public init() {}

    /// A one-line description for reports.
    public var summary: String {
        switch kind {
        case .arithmetic:
            return "(a*b+c)/d with a,b in \(factorMin)-\(factorMax), c in \(addendMin)-\(addendMax), "
                + "d in \(divisorMin)-\(divisorMax), exact rational answer"
        case .countdown:
            let c = countdown
            return "Countdown: \(c.numbers) numbers in \(c.smallest)-\(c.largest), target \(c.targetMin)-\(c.targetMax) "
                + "built from \(c.operandsInTarget) of them with \(c.operators)"
                + (c.requireAllOperands ? " and reachable with no fewer" : "")
                + "; the answer is an expression using each number at most once"
        }
    }
}

/// Every problem of the task, split once into disjoint training and held-out sets.
public struct ProblemSet: Sendable {
    public let train: [TaskProblem]
    public let eval: [TaskProblem]

    /// What is wrong with a task's settings.
    public struct InvalidSettings: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ s: TaskSettings) throws {
        var rng = SeededGenerator(seed: s.taskSeed)
        var all: [TaskProblem]
        switch s.kind {
        case .arithmetic: all = try Self.arithmeticProblems(s).map(TaskProblem.arithmetic)
        case .countdown: all = try Self.countdownProblems(s.countdown, using: &rng).map(TaskProblem.countdown)
        }
        guard s.evalProblems >= 1, s.evalProblems * 2 <= all.count else {
            throw InvalidSettings(
                description: "the task has \(all.count) problems; --eval-problems must be 1...\(all.count / 2) "
                    + "so at least as many remain for training")
        }
        all.shuffle(using: &rng)
        eval = Array(all[..<s.evalProblems])
        train = Array(all[s.evalProblems...])
    }

    static func arithmeticProblems(_ s: TaskSettings) throws -> [ArithmeticProblem] {
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
        return all
    }

    /// Every (multiset of numbers, target) pair the settings allow, once each, with the numbers in a
    /// seeded random prompt order. Problems are distinct by multiset and target, so a held-out problem
    /// never appears in training, not even with its numbers reordered.
    static func countdownProblems(_ c: CountdownSettings, using rng: inout SeededGenerator) throws -> [CountdownProblem] {
        let ops = Array(c.operators)
        guard (1...6).contains(c.numbers), (1...c.numbers).contains(c.operandsInTarget), c.smallest >= 0,
            c.smallest <= c.largest, c.largest <= 99, !ops.isEmpty, ops.allSatisfy({ "+-*".contains($0) }),
            c.targetMin <= c.targetMax
        else {
            throw InvalidSettings(
                description: "countdown settings: 1-6 numbers in 0...99, 1...numbers operands, operators from '+-*', "
                    + "targetMin <= targetMax")
        }
        var problems: [CountdownProblem] = []
        func multisets(_ start: Int, _ prefix: [Int]) {
            if prefix.count == c.numbers {
                let reach = CountdownChain.all(over: prefix, count: c.operandsInTarget, ops: ops).map(\.value)
                var fewer = Set<Int>()
                if c.requireAllOperands {
                    for k in 1..<c.operandsInTarget { fewer.formUnion(CountdownChain.all(over: prefix, count: k, ops: ops).map(\.value)) }
                }
                let targets = Set(reach).filter { (c.targetMin...c.targetMax).contains($0) && !fewer.contains($0) }
                for t in targets.sorted() { problems.append(CountdownProblem(numbers: prefix, target: t)) }
                return
            }
            for x in start...c.largest { multisets(x, prefix + [x]) }
        }
        multisets(c.smallest, [])
        for i in problems.indices { problems[i].numbers.shuffle(using: &rng) }
        return problems
    }
}
