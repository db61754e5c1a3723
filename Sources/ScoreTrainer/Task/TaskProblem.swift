/// One problem of the experiment's task, whichever task the settings chose.
public enum TaskProblem: Hashable, Sendable, Codable {
    case arithmetic(ArithmeticProblem)
    case countdown(CountdownProblem)

    /// The text the model sees.
    public var prompt: String {
        switch self {
        case .arithmetic(let p): return p.prompt
        case .countdown(let p): return p.prompt
        }
    }

    /// The gold answer the math verifier compares an attempt's value against.
    public var goldAnswer: String {
        switch self {
        case .arithmetic(let p): return p.goldAnswer
        case .countdown(let p): return String(p.target)
        }
    }

    /// The part of `response` whose value is graded, or nil when the response breaks the task's own
    /// rules (Countdown: numbers not given or used too often, a malformed shown result). Arithmetic
    /// answers are graded whole.
    public func gradedAnswer(_ response: String) -> String? {
        switch self {
        case .arithmetic: return response
        case .countdown(let p): return p.gradedExpression(response)
        }
    }

    /// Whether `response` keeps the task's rules (its value is for the verifier to judge).
    public func admits(_ response: String) -> Bool { gradedAnswer(response) != nil }
}
