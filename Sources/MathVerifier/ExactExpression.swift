/// An exact scalar: a quotient of two canonical polynomials over Q in atoms (numbers with
/// radicals, pi, e, i and logarithms; letters; functions of letters).
///
/// Two expressions are equal exactly when `n1 * d2 == n2 * d1` as canonical polynomials.
struct ExactExpression: Sendable, CustomStringConvertible {
    var numerator: Polynomial
    var denominator: Polynomial

    init(_ r: Rational) { numerator = Polynomial(r); denominator = .one }
    init(_ p: Polynomial) { numerator = p; denominator = .one }
    init(atom: Atom) { numerator = Polynomial(atom: atom); denominator = .one }

    /// Builds `n / d`, folding the denominator away when it is a single invertible term.
    init(numerator n: Polynomial, denominator d: Polynomial) throws(MathFailure) {
        if d.isZero { throw MathFailure.undefined("division by zero") }
        numerator = n
        denominator = d
        try normalize()
    }

    static let zero = ExactExpression(Rational.zero)
    static let one = ExactExpression(Rational.one)

    var rational: Rational? { denominator == .one ? numerator.rational : nil }
    var isZero: Bool { numerator.isZero }
    var isPolynomial: Bool { denominator == .one }
    var isConstant: Bool { numerator.isConstant && denominator.isConstant }

    /// Whether the expression mentions the imaginary unit.
    var isReal: Bool {
        !(numerator.terms + denominator.terms).contains { $0.monomial.factors.contains { $0.atom == .imaginary } }
    }

    /// The letters the expression mentions.
    var variables: Set<String> {
        var s = Set<String>()
        for t in numerator.terms + denominator.terms {
            for f in t.monomial.factors { if case .variable(let v) = f.atom { s.insert(v) } }
        }
        return s
    }

    private mutating func normalize() throws(MathFailure) {
        if numerator.isZero { denominator = .one; return }
        if denominator == .one { return }
        if denominator.terms.count == 1, denominator.terms[0].monomial.isInvertible {
            let t = denominator.terms[0]
            let (c, inv) = try t.monomial.raised(to: Exponent(-1))
            let factor = Polynomial(terms: [Term(coefficient: try c / t.coefficient, monomial: inv)])
            numerator = try numerator * factor
            denominator = .one
            return
        }
        // n = k * d for a rational k: fold (e.g. log_6 36 = 2).
        if numerator.terms.count == denominator.terms.count, let lead = denominator.terms.first,
            let match = numerator.terms.first, match.monomial == lead.monomial
        {
            let k = try match.coefficient / lead.coefficient
            if try denominator.scaled(by: k) == numerator {
                numerator = Polynomial(k)
                denominator = .one
                return
            }
        }
        // Make the denominator's leading coefficient 1 so equal fractions print alike.
        if let lead = denominator.terms.first, lead.coefficient != .one {
            let s = try lead.coefficient.inverse()
            numerator = try numerator.scaled(by: s)
            denominator = try denominator.scaled(by: s)
        }
    }

    static func + (a: ExactExpression, b: ExactExpression) throws(MathFailure) -> ExactExpression {
        if a.denominator == .one && b.denominator == .one { return ExactExpression(try a.numerator + b.numerator) }
        if a.denominator == b.denominator {
            return try ExactExpression(numerator: a.numerator + b.numerator, denominator: a.denominator)
        }
        return try ExactExpression(
            numerator: a.numerator * b.denominator + b.numerator * a.denominator,
            denominator: a.denominator * b.denominator)
    }

    static prefix func - (a: ExactExpression) -> ExactExpression {
        var r = a
        r.numerator = -a.numerator
        return r
    }

    static func - (a: ExactExpression, b: ExactExpression) throws(MathFailure) -> ExactExpression { try a + (-b) }

    static func * (a: ExactExpression, b: ExactExpression) throws(MathFailure) -> ExactExpression {
        if a.denominator == .one && b.denominator == .one { return ExactExpression(try a.numerator * b.numerator) }
        return try ExactExpression(
            numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator)
    }

    func inverse() throws(MathFailure) -> ExactExpression {
        if isZero { throw MathFailure.undefined("division by zero") }
        return try ExactExpression(numerator: denominator, denominator: numerator)
    }

    static func / (a: ExactExpression, b: ExactExpression) throws(MathFailure) -> ExactExpression {
        if let r = b.rational {
            if r.isZero { throw MathFailure.undefined("division by zero") }
            var q = a
            q.numerator = try a.numerator.scaled(by: r.inverse())
            return q
        }
        return try a * b.inverse()
    }

    /// Integer power (negative powers invert).
    func power(_ n: Int) throws(MathFailure) -> ExactExpression {
        if n < 0 { return try inverse().power(-n) }
        if let r = rational { return ExactExpression(try r.power(n)) }
        return try ExactExpression(numerator: numerator.power(n), denominator: denominator.power(n))
    }

    /// Exact equality (cross-multiplication of canonical polynomials).
    func equals(_ other: ExactExpression) -> Bool {
        if denominator == .one && other.denominator == .one { return numerator == other.numerator }
        guard let l = try? numerator * other.denominator, let r = try? other.numerator * denominator else { return false }
        return l == r
    }

    /// A floating-point value for ordering real constants; nil for letters, i, or unknown atoms.
    var approximate: Double? {
        guard let n = numerator.approximate, let d = denominator.approximate, d != 0 else { return nil }
        return n / d
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends `description` to `s`: the numerator, over `(denominator)` when it is not 1.
    func write(to s: inout String) {
        if denominator == .one {
            numerator.write(to: &s)
            return
        }
        s += "("
        numerator.write(to: &s)
        s += ")/("
        denominator.write(to: &s)
        s += ")"
    }
}
