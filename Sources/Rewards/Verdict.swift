/// What a verifier decided about one response: a reward and the reason for it.
///
/// A wrong answer is a verdict, not an error: verifiers return verdicts for every input and throw
/// only for misuse or a broken environment.
public struct Verdict: Sendable, Equatable {
    /// The reward a trainer should use: 1 when the response is right, else 0.
    public var reward: Double
    /// The outcome class, for example `equal`, `passed` or `timeout`.
    public var status: VerdictStatus
    /// One human-readable sentence on why this verdict was reached.
    public var reason: String
    /// Verifier-specific facts (extracted answer, normalized forms, timings, tests passed...).
    public var detail: JSONObject

    public init(reward: Double, status: VerdictStatus, reason: String, detail: JSONObject = [:]) {
        self.reward = reward
        self.status = status
        self.reason = reason
        self.detail = detail
    }

    /// True when the reward is full credit.
    public var isCorrect: Bool { reward >= 1 }

    /// The verdict as one flat JSON object: `reward`, `status`, `reason`, then every detail field.
    public var jsonObject: JSONObject {
        var o = JSONObject()
        o.reserveCapacity(3 + detail.count)
        addFields(to: &o)
        return o
    }

    /// Sets the verdict's fields (`reward`, `status`, `reason`, then the details) on `o`, after
    /// its existing fields; a field `o` already has is replaced in place.
    public func addFields(to o: inout JSONObject) {
        o["reward"] = reward == reward.rounded() ? .integer(Int64(reward)) : .number(reward)
        o["status"] = .string(status.rawValue)
        o["reason"] = .string(reason)
        for (k, v) in detail { o[k] = v }
    }
}

/// The outcome class of a verdict. Extensible: a verifier may define its own statuses.
public struct VerdictStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Math
    /// The answer means the same mathematical object as the gold answer.
    public static let equal = VerdictStatus(rawValue: "equal")
    /// The answer was understood and differs from the gold answer.
    public static let notEqual = VerdictStatus(rawValue: "not_equal")
    /// The response holds no answer that could be extracted.
    public static let noAnswer = VerdictStatus(rawValue: "no_answer")
    /// The answer (or gold) could not be decided within the verifier's bounds.
    public static let unverifiable = VerdictStatus(rawValue: "unverifiable")

    // Code
    /// Every test passed.
    public static let passed = VerdictStatus(rawValue: "passed")
    /// At least one test failed.
    public static let failed = VerdictStatus(rawValue: "failed")
    /// The program ran past its wall-clock or CPU limit.
    public static let timeout = VerdictStatus(rawValue: "timeout")
    /// The program ran past its memory limit.
    public static let memory = VerdictStatus(rawValue: "memory")
    /// The program raised or crashed before the tests could pass.
    public static let runtimeError = VerdictStatus(rawValue: "runtime_error")
    /// The program made a system call the sandbox forbids.
    public static let syscallViolation = VerdictStatus(rawValue: "syscall_violation")
    /// The program wrote more output than allowed.
    public static let outputLimit = VerdictStatus(rawValue: "output_limit")
    /// The sandbox itself failed; the program's correctness is unknown.
    public static let sandboxError = VerdictStatus(rawValue: "sandbox_error")

    // Shared
    /// The input record was malformed (missing field, wrong type).
    public static let invalidInput = VerdictStatus(rawValue: "invalid_input")
}
