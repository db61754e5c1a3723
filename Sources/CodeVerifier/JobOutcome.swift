import Rewards

/// Turns the jail's raw facts about one run into a verdict.
///
/// Only the checker's verdict (arriving on its own pipe with this run's nonce) or the trusted
/// comparison of stdout can make a reward 1. Everything the candidate controls (its exit status,
/// what it prints, what it says it raised) only picks which failure status a reward 0 gets.
struct JobOutcome {
    static let sigsys: Int64 = 31
    static let sigxcpu: Int64 = 24
    static let sigkill: Int64 = 9

    let result: JSONObject
    let options: SandboxOptions

    var signal: Int64? { result["signal"].flatMap { if case .integer(let i) = $0 { i } else { nil } } }
    var exitCode: Int64? { result["exit"].flatMap { if case .integer(let i) = $0 { i } else { nil } } }
    var timedOut: Bool { result["timed_out"]?.boolValue ?? false }
    var overOutput: Bool { result["output_limit"]?.boolValue ?? false }
    var stderr: String { result["stderr"]?.stringValue ?? "" }
    var cpuSeconds: Double { result["cpu_s"]?.doubleValue ?? 0 }

    /// The failure class from the process facts, or nil if none of them explains a failure.
    func failureStatus(message: String = "") -> (VerdictStatus, String)? {
        if signal == JobOutcome.sigsys { return (.syscallViolation, "the program made a forbidden system call and was killed") }
        if timedOut { return (.timeout, "the program ran past the \(options.wallSeconds) s wall-clock limit") }
        if signal == JobOutcome.sigxcpu || (signal == JobOutcome.sigkill && cpuSeconds >= options.cpuSeconds) {
            return (.timeout, "the program ran past the \(options.cpuSeconds) s CPU limit")
        }
        if overOutput { return (.outputLimit, "the program wrote more than \(options.outputBytes) bytes of output") }
        if message.contains("MemoryError") || stderr.contains("MemoryError") {
            return (.memory, "the program ran out of its \(options.memoryMB) MiB memory limit")
        }
        return nil
    }

    /// Timing and resource facts for the verdict detail.
    func addFacts(to detail: inout JSONObject) {
        for key in ["wall_s", "cpu_s", "peak_mb"] { if let v = result[key] { detail[key] = v } }
    }
}

extension String {
    /// At most `limit` characters, keeping the end (where tracebacks say what went wrong).
    func excerpt(_ limit: Int = 1000) -> String {
        count <= limit ? self : "…" + String(suffix(limit))
    }
}
