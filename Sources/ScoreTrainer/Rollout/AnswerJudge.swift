import Rewards

/// The reward source of the trainer: a verifier's verdict on one attempt.
public struct Judgement: Sendable, Equatable {
    /// 0 or 1.
    public var reward: Double
    /// The final answer the verifier read from the attempt, if any.
    public var extracted: String?

    public init(reward: Double, extracted: String?) {
        self.reward = reward
        self.extracted = extracted
    }
}

/// Judges attempts against gold answers. The trainer sees only rewards and extracted answers, never
/// how they were decided.
public struct AnswerJudge: Sendable {
    private let judge: @Sendable (_ gold: String, _ response: String) -> Judgement

    public init(_ judge: @escaping @Sendable (_ gold: String, _ response: String) -> Judgement) {
        self.judge = judge
    }

    /// Judges through any verifier whose task is a gold answer string; the extracted answer is read
    /// from the verdict's `extracted` detail.
    public init<V: Verifier>(verifier: V) where V.Task == String {
        self.judge = { gold, response in
            let verdict = verifier.verify(gold, response: response)
            var extracted: String?
            if case .string(let s)? = verdict.detail["extracted"] { extracted = s }
            return Judgement(reward: verdict.reward >= 1 ? 1 : 0, extracted: extracted)
        }
    }

    public func judge(gold: String, response: String) -> Judgement { judge(gold, response) }

    /// True when attempt `later` states a different answer than attempt `earlier`, deciding equality
    /// of values with the verifier itself (so `60/4` and `15` are the same answer).
    public func changesAnswer(from earlier: String, to later: String) -> Bool {
        let first = judge(gold: "0", response: earlier).extracted
        guard let first, !first.isEmpty else { return earlier != later }
        return judge(gold: first, response: later).reward < 1
    }
}

extension AnswerJudge {
    /// The reward of `response` to `problem`: the verifier's verdict on its value against the gold
    /// answer, and 0 when it breaks the task's own rules (Countdown: numbers not given, or used too often).
    public func judge(_ problem: TaskProblem, response: String) -> Judgement {
        guard let answer = problem.gradedAnswer(response) else { return Judgement(reward: 0, extracted: nil) }
        return judge(gold: problem.goldAnswer, response: answer)
    }

    /// True when attempt `later` gives a different answer to `problem` than attempt `earlier`. A bare
    /// value changes when its value changes; a Countdown expression changes when it uses other numbers
    /// or reaches another value (so `7*3+5` restates `5+3*7`).
    public func changesAnswer(_ problem: TaskProblem, from earlier: String, to later: String) -> Bool {
        switch problem {
        case .arithmetic:
            return changesAnswer(from: earlier, to: later)
        case .countdown:
            guard let x = problem.gradedAnswer(earlier), let y = problem.gradedAnswer(later) else {
                return earlier.filter { $0 != " " } != later.filter { $0 != " " }
            }
            if x.filter({ $0 != " " }) == y.filter({ $0 != " " }) { return false }
            guard let a = CountdownExpression.numbersUsed(in: x), let b = CountdownExpression.numbersUsed(in: y),
                a.sorted() == b.sorted()
            else { return true }
            return judge(gold: x, response: y).reward < 1
        }
    }
}

extension AnswerJudge {
    /// Whether the result `response` shows for its own work (`3*7+5=26`: the part after the last `=`,
    /// before any check against the target such as `<30`) is the value of its expression, decided by
    /// the verifier; nil when it shows no work or breaks the task's rules. It measures whether a model
    /// can check its own attempts.
    public func shownResultIsTrue(_ problem: TaskProblem, response: String) -> Bool? {
        guard let expression = problem.gradedAnswer(response), expression.count < response.count,
            let last = response.split(separator: "=", omittingEmptySubsequences: false).last
        else { return nil }
        let result = last.prefix { $0 != "<" && $0 != ">" }  // without the check against the target
        return judge(gold: String(result), response: expression).reward >= 1
    }
}
