/// The bounds every verification stays inside. Each cap is checked before the work it guards, so
/// a hostile answer (`10^{10^{10}}`, a 1 MB string, 1000-deep braces) ends quickly as
/// `unverifiable` instead of hanging or exhausting memory.
public struct MathLimits: Sendable, Equatable {
    /// Longest response scanned for an answer, in UTF-8 bytes.
    public var maxResponseBytes = 1 << 18
    /// Longest extracted answer (or gold) that is parsed, in UTF-8 bytes.
    public var maxAnswerBytes = 4096
    /// Deepest nesting of brackets, braces and operators.
    public var maxDepth = 64
    /// Largest magnitude of any exact integer (numerator or denominator), in bits (~10,000 digits).
    public var maxBits = 1 << 15
    /// Longest digit string in a literal.
    public var maxDigits = 4000
    /// Largest n in n! and in binomials (449! is the last factorial under 1000 digits).
    public var maxFactorial = 449
    /// Largest absolute exponent applied to a symbolic expression.
    public var maxSymbolicExponent = 64
    /// Most terms in one polynomial.
    public var maxTerms = 512
    /// Largest integer factored to simplify a radical or a logarithm.
    public var maxFactoredInteger: Int64 = 1_000_000_000_000
    /// Most elements in a list, set, tuple or matrix.
    public var maxElements = 256

    public init() {}
}

/// Why an answer could not be decided: it is too large, too deep, or outside what the verifier
/// evaluates exactly. Becomes a verdict `unverifiable` with this reason.
struct MathFailure: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        /// A cap was hit: the verdict is `unverifiable`.
        case limit
        /// The expression has no value (1/0, log 0).
        case undefined
        /// Anything else: not parseable or not supported.
        case unsupported
    }

    let description: String
    let kind: Kind

    init(_ description: String, kind: Kind = .unsupported) {
        self.description = description
        self.kind = kind
    }

    static func limit(_ what: String) -> MathFailure { MathFailure("bound exceeded: \(what)", kind: .limit) }
    static func undefined(_ what: String) -> MathFailure { MathFailure(what, kind: .undefined) }
}
