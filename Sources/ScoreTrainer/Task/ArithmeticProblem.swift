/// One problem of the toy-math task: the exact value of (a·b + c) / d.
///
/// The prompt is written as four numbers, `"7 8 15 3"`, whose meaning the model learns from its
/// supervised traces. It is deliberately not an expression the verifier could evaluate, so a policy
/// cannot earn reward by copying the question into its answer.
public struct ArithmeticProblem: Hashable, Sendable, Codable {
    public var a: Int
    public var b: Int
    public var c: Int
    public var d: Int

    public init(a: Int, b: Int, c: Int, d: Int) {
        precondition(d > 0, "the divisor must be positive")
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// The text the model sees.
    public var prompt: String { "\(a) \(b) \(c) \(d)" }

    /// a·b + c, the unreduced numerator.
    public var numerator: Int { a * b + c }

    /// The gold answer in lowest terms (`"61/3"`, `"15"`), which the verifier compares against.
    public var goldAnswer: String { AnswerForm.reducedFraction.render(numerator: numerator, denominator: d) }
}

/// Written forms of a non-negative rational answer. The solver mixes them, so a reward that compared
/// strings instead of values would mark many right answers wrong.
public enum AnswerForm: String, CaseIterable, Sendable, Codable {
    /// `n/d` exactly as computed (`60/4`).
    case unreducedFraction
    /// Lowest terms; an integer when the denominator divides (`15`, `61/3`).
    case reducedFraction
    /// A terminating decimal when one exists (`12.5`, `15.0`), else lowest terms.
    case decimal

    /// Renders numerator/denominator (numerator >= 0, denominator > 0) in this form.
    public func render(numerator: Int, denominator: Int) -> String {
        switch self {
        case .unreducedFraction:
            return "\(numerator)/\(denominator)"
        case .reducedFraction:
            let g = greatestCommonDivisor(numerator, denominator)
            let (n, d) = (numerator / g, denominator / g)
            return d == 1 ? "\(n)" : "\(n)/\(d)"
        case .decimal:
            return terminatingDecimal(numerator: numerator, denominator: denominator)
                ?? AnswerForm.reducedFraction.render(numerator: numerator, denominator: denominator)
        }
    }
}

/// gcd(a, b) for non-negative integers, with gcd(0, b) = b.
func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (abs(a), abs(b))
    while y != 0 { (x, y) = (y, x % y) }
    return max(x, 1)
}

/// The exact decimal of n/d when d's reduced form has only the prime factors 2 and 5.
func terminatingDecimal(numerator: Int, denominator: Int) -> String? {
    let g = greatestCommonDivisor(numerator, denominator)
    let (n, d) = (numerator / g, denominator / g)
    var (twos, fives, rest) = (0, 0, d)
    while rest % 2 == 0 { rest /= 2; twos += 1 }
    while rest % 5 == 0 { rest /= 5; fives += 1 }
    guard rest == 1, max(twos, fives) <= 12 else { return nil }
    let scale = max(twos, fives)
    var power = 1
    for _ in 0..<scale { power *= 10 }
    let scaled = n * (power / d)  // n/d = scaled / 10^scale exactly
    if scale == 0 { return "\(scaled).0" }
    var digits = String(scaled)
    if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
    let split = digits.index(digits.endIndex, offsetBy: -scale)
    return digits[..<split] + "." + digits[split...]
}
