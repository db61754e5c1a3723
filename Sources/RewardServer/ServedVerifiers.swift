import Rewards

/// The verifiers a server answers with. Injected, so tests can serve test doubles and the CLI
/// serves the real math and code verifiers.
public struct ServedVerifiers: Sendable {
    /// Reads `gold` and `response` (or `answer`) and decides a math answer.
    public var math: any RecordVerifier
    /// Runs code against tests in a sandbox; nil when this server does not run code.
    public var code: (any RecordVerifier)?

    public init(math: any RecordVerifier, code: (any RecordVerifier)?) {
        self.math = math
        self.code = code
    }
}
