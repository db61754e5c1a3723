/// How the scripted Countdown solver that writes the supervised traces goes wrong.
public struct CountdownSolverSettings: Codable, Sendable, Equatable {
    /// Probability that one solution is right; otherwise it is a near miss (one operator or one number
    /// changed) whose value is off the target.
    public var solveRate = 0.5
    /// Probability that a later attempt restates the previous one (possibly written differently)
    /// instead of solving afresh; afresh is as good as the first try, so the traces' later attempts are
    /// no better than their first ones on average.
    public var keepRate = 0.5
    /// Relative weights of the written forms: `3*7+5`, `3×7+5`, `(3*7)+5`.
    public var formWeights: [Double] = [0.6, 0.2, 0.2]
    /// Show the work: write `3*7+5=26`, the expression and the result the solver computed for it.
    public var showWork = false
    /// With `showWork`, the probability that a near miss claims the target as its result (a wrong
    /// sum, which only re-evaluating reveals) instead of its true value (which comparing with the
    /// target reveals).
    public var falseClaimRate = 0.5
    /// With `showWork`, show every step of the evaluation (`3*7+5=21+5=26`: one operation at a time,
    /// products first) instead of the result alone, so the result can be checked step by step.
    public var showSteps = false
    /// With `showWork`, end a shown result that misses the target with the solver's own check against
    /// it (`3*7+2=21+2=23<26`): the attempt says whether it believes itself, as a model that can check
    /// its work would, and a later attempt may or may not act on it.
    public var showCheck = false

    public init() {}

    /// The presets' solver: every step shown, results checked against the target, no false claims
    /// (`3*7+2=21+2=23<26`).
    public static var checkedSteps: CountdownSolverSettings {
        var s = CountdownSolverSettings()
        s.showWork = true
        s.showSteps = true
        s.showCheck = true
        s.falseClaimRate = 0
        return s
    }

    public init(from decoder: any Decoder) throws {
        // Keys added later are optional, so settings files of earlier runs still load.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        solveRate = try c.decode(Double.self, forKey: .solveRate)
        keepRate = try c.decode(Double.self, forKey: .keepRate)
        formWeights = try c.decode([Double].self, forKey: .formWeights)
        showWork = try c.decode(Bool.self, forKey: .showWork)
        falseClaimRate = try c.decode(Double.self, forKey: .falseClaimRate)
        showSteps = try c.decodeIfPresent(Bool.self, forKey: .showSteps) ?? false
        showCheck = try c.decodeIfPresent(Bool.self, forKey: .showCheck) ?? false
    }
}

/// A scripted, noisy Countdown solver: right answers in varied equivalent forms, and near misses that
/// only evaluating the expression reveals.
public struct CountdownSolver: Sendable {
    public let settings: CountdownSolverSettings
    public let task: CountdownSettings

    public init(settings: CountdownSolverSettings, task: CountdownSettings) {
        self.settings = settings
        self.task = task
    }

    var operators: [Character] { Array(task.operators) }

    /// Every chain over `operandsInTarget` of the numbers that reaches the target.
    func solutions(_ p: CountdownProblem) -> [CountdownChain] {
        CountdownChain.all(over: p.numbers, count: task.operandsInTarget, ops: operators).filter { $0.value == p.target }
    }

    /// Chains one operator or one number away from `chain` (a number swapped for one not yet used)
    /// whose value misses the target.
    func nearMisses(of chain: CountdownChain, in p: CountdownProblem) -> [CountdownChain] {
        var misses: [CountdownChain] = []
        for i in chain.operators.indices {
            for op in operators where op != chain.operators[i] {
                var c = chain
                c.operators[i] = op
                misses.append(c)
            }
        }
        var unused = p.numbers
        for x in chain.operands { if let i = unused.firstIndex(of: x) { unused.remove(at: i) } }
        for i in chain.operands.indices {
            for x in Set(unused) where x != chain.operands[i] {
                var c = chain
                c.operands[i] = x
                misses.append(c)
            }
        }
        return misses.filter { $0.value != p.target }
    }

    /// One solution: right with probability `solveRate`, else a near miss of a right one.
    func solve(_ p: CountdownProblem, using rng: inout SeededGenerator) -> CountdownChain {
        let right = solutions(p)
        precondition(!right.isEmpty, "every generated Countdown problem has a solution")
        let chosen = right[Int(rng.next() % UInt64(right.count))]
        if rng.unit() < settings.solveRate { return chosen }
        let misses = nearMisses(of: chosen, in: p)
        return misses.isEmpty ? chosen : misses[Int(rng.next() % UInt64(misses.count))]
    }

    /// The chain in a randomly chosen written form.
    func write(_ chain: CountdownChain, using rng: inout SeededGenerator) -> String {
        let weights = (0..<3).map { $0 < settings.formWeights.count ? max(0, settings.formWeights[$0]) : 0 }
        var pick = rng.unit() * max(weights.reduce(0, +), 1e-12)
        var form = 0
        for (i, w) in weights.enumerated() {
            if pick < w { form = i; break }
            pick -= w
        }
        switch form {
        case 1: return String(chain.text.map { $0 == "*" ? "×" : $0 })
        case 2: return bracketedProducts(chain)
        default: return chain.text
        }
    }

    /// The shown work when `showWork` is on: the result (`=26`), or with `showSteps` each step
    /// (`=21+5=26`), and with `showCheck` a comparison with the target when they differ (`=23<26`). A
    /// near miss sometimes claims the target it hoped to reach as its result.
    func claimedResult(_ chain: CountdownChain, _ p: CountdownProblem, using rng: inout SeededGenerator) -> String {
        guard settings.showWork else { return "" }
        let value = chain.value
        let result = value != p.target && rng.unit() < settings.falseClaimRate ? p.target : value
        let steps = settings.showSteps ? chain.reductions.dropLast() : []
        let check = settings.showCheck && result != p.target ? (result < p.target ? "<" : ">") + String(p.target) : ""
        return steps.map { "=" + $0 }.joined() + "=" + String(result) + check
    }

    /// `(3*7)+5`: each product of two or more factors in parentheses when the chain also adds.
    func bracketedProducts(_ chain: CountdownChain) -> String {
        guard chain.operators.contains("*"), chain.operators.contains(where: { $0 != "*" }) else { return chain.text }
        var terms: [[Int]] = [[chain.operands[0]]]
        var signs: [Character] = []
        for (op, x) in zip(chain.operators, chain.operands.dropFirst()) {
            if op == "*" { terms[terms.count - 1].append(x) } else { signs.append(op); terms.append([x]) }
        }
        func termText(_ t: [Int]) -> String {
            let s = t.map(String.init).joined(separator: "*")
            return t.count > 1 ? "(" + s + ")" : s
        }
        var out = termText(terms[0])
        for (op, t) in zip(signs, terms.dropFirst()) { out += String(op) + termText(t) }
        return out
    }

    /// A trace of `attempts` written answers: attempt 1 solves; each later attempt restates the
    /// previous chain or solves again.
    public func trace(_ p: CountdownProblem, attempts: Int, using rng: inout SeededGenerator) -> [String] {
        var chain = solve(p, using: &rng)
        var claim = claimedResult(chain, p, using: &rng)
        var answers = [write(chain, using: &rng) + claim]
        for _ in 1..<max(1, attempts) {
            if rng.unit() >= settings.keepRate {
                chain = solve(p, using: &rng)
                claim = claimedResult(chain, p, using: &rng)
            }
            answers.append(write(chain, using: &rng) + claim)
        }
        return answers
    }
}

/// The scripted solver of whichever task the experiment runs.
public struct TaskSolver: Sendable {
    public let arithmetic: NoisySolver
    public let countdown: CountdownSolver

    public init(task: TaskSettings, arithmetic: SolverSettings, countdown: CountdownSolverSettings) {
        self.arithmetic = NoisySolver(settings: arithmetic, taskSeed: task.taskSeed)
        self.countdown = CountdownSolver(settings: countdown, task: task.countdown)
    }

    /// A trace of `attempts` written answers to `problem`.
    public func trace(_ problem: TaskProblem, attempts: Int, using rng: inout SeededGenerator) -> [String] {
        switch problem {
        case .arithmetic(let p): return arithmetic.trace(p, attempts: attempts, using: &rng)
        case .countdown(let p): return countdown.trace(p, attempts: attempts, using: &rng)
        }
    }
}
