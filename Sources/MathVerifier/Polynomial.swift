/// An indeterminate or irrational constant that exact expressions are built from.
///
/// The atoms are treated as algebraically independent except for the rules `Monomial` applies:
/// i^2 = -1, p^(a/b) for a prime p keeps 0 <= a/b < 1 (the integer part moves into the
/// coefficient), and cos^2(u) = 1 - sin^2(u). With those rules a polynomial has one canonical form,
/// so comparing two expressions is comparing term lists.
enum Atom: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The imaginary unit.
    case imaginary
    /// A positive prime p raised to a fractional power (the exponent lives in the factor).
    case prime(Int64)
    case pi
    case euler
    /// The natural logarithm of a prime.
    case logPrime(Int64)
    /// A letter such as x, or a subscripted name such as x_1.
    case variable(String)
    /// sin(u) for a non-standard argument, keyed by the argument's canonical text.
    case sine(String)
    /// cos(u), keyed like `sine`.
    case cosine(String)
    /// Any other function of a symbolic argument, keyed by its canonical text, e.g. "ln(x)".
    case function(String)

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends the canonical text to `s` (what `description` returns, without building a string
    /// per piece: verdicts print a normalized form for every answer).
    func write(to s: inout String) {
        switch self {
        case .imaginary: s += "i"
        case .prime(let p): s += String(p)
        case .pi: s += "pi"
        case .euler: s += "e"
        case .logPrime(let p):
            s += "ln("
            s += String(p)
            s += ")"
        case .variable(let v): s += v
        case .sine(let u):
            s += "sin("
            s += u
            s += ")"
        case .cosine(let u):
            s += "cos("
            s += u
            s += ")"
        case .function(let f): s += f
        }
    }

    /// Whether a fractional power of this atom is meaningful (positive real constants).
    var isPositiveConstant: Bool {
        switch self {
        case .prime, .pi, .euler, .logPrime: return true
        default: return false
        }
    }

    /// Whether the atom contains no letters (its value is a fixed number).
    var isConstant: Bool {
        switch self {
        case .variable: return false
        case .sine(let k), .cosine(let k), .function(let k): return !k.utf8.contains { $0 >= 0x61 && $0 <= 0x7A && $0 != 0x65 }
        default: return true
        }
    }

    /// Whether negative powers are allowed (sin and cos keep their reduction rule only with
    /// non-negative powers, so dividing by them makes a denominator instead).
    var isInvertible: Bool {
        switch self {
        case .sine, .cosine: return false
        default: return true
        }
    }
}

/// A small exact fraction used as an exponent.
struct Exponent: Hashable, Comparable, Sendable, CustomStringConvertible {
    let num: Int
    let den: Int

    init(_ num: Int, _ den: Int = 1) {
        var n = num, d = den
        if d < 0 { n = -n; d = -d }
        let g = Int(Rational.gcd(n.magnitude.toUInt64, d.magnitude.toUInt64))
        self.num = n / g
        self.den = d / g
    }

    static let zero = Exponent(0)
    var isZero: Bool { num == 0 }
    var isInteger: Bool { den == 1 }

    static func + (a: Exponent, b: Exponent) -> Exponent { Exponent(a.num * b.den + b.num * a.den, a.den * b.den) }
    static func * (a: Exponent, b: Exponent) -> Exponent { Exponent(a.num * b.num, a.den * b.den) }
    static prefix func - (a: Exponent) -> Exponent { Exponent(-a.num, a.den) }
    static func < (a: Exponent, b: Exponent) -> Bool { a.num * b.den < b.num * a.den }

    /// The largest integer not above the value.
    var floor: Int { num >= 0 ? num / den : -((-num + den - 1) / den) }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends `description` to `s`.
    func write(to s: inout String) {
        s += String(num)
        if den != 1 {
            s += "/"
            s += String(den)
        }
    }
}

extension UInt {
    fileprivate var toUInt64: UInt64 { UInt64(self) }
}

/// One factor of a monomial: an atom and its exponent.
struct Factor: Hashable, Sendable {
    let atom: Atom
    let exponent: Exponent
}

/// A product of atom powers, sorted by atom, with no zero exponents.
struct Monomial: Hashable, Comparable, Sendable, CustomStringConvertible {
    var factors: [Factor]

    static let one = Monomial(factors: [])

    var isOne: Bool { factors.isEmpty }

    /// Total degree in variables (used only to order terms for display).
    var variableDegree: Int {
        var d = 0
        for f in factors where !f.atom.isConstant { d += f.exponent.num / f.exponent.den }
        return d
    }

    /// Whether every atom is a constant (no letters).
    var isConstant: Bool { factors.allSatisfy { $0.atom.isConstant } }

    var isInvertible: Bool { factors.allSatisfy { $0.atom.isInvertible } }

    static func < (a: Monomial, b: Monomial) -> Bool {
        let da = a.variableDegree, db = b.variableDegree
        if da != db { return da > db }
        for (x, y) in zip(a.factors, b.factors) {
            if x.atom != y.atom { return x.atom < y.atom }
            if x.exponent != y.exponent { return x.exponent > y.exponent }
        }
        return a.factors.count > b.factors.count
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends `description` to `s`: the factors joined by `*`, as `x^2` or `x^(1/2)`.
    func write(to s: inout String) {
        for (k, f) in factors.enumerated() {
            if k > 0 { s += "*" }
            f.atom.write(to: &s)
            if f.exponent == Exponent(1) { continue }
            s += "^"
            if f.exponent.den == 1 && f.exponent.num >= 0 {
                f.exponent.write(to: &s)
            } else {
                s += "("
                f.exponent.write(to: &s)
                s += ")"
            }
        }
    }

    /// Multiplies two monomials and applies the reduction rules. The product is
    /// `coefficient * monomial`; a cos(u)^2 is left for `Polynomial.reducingTrig()`.
    static func product(_ a: Monomial, _ b: Monomial) throws(MathFailure) -> (Rational, Monomial) {
        if a.isOne { return (.one, b) }
        if b.isOne { return (.one, a) }
        var merged: [Factor] = []
        merged.reserveCapacity(a.factors.count + b.factors.count)
        var i = 0, j = 0
        while i < a.factors.count || j < b.factors.count {
            if j == b.factors.count || (i < a.factors.count && a.factors[i].atom < b.factors[j].atom) {
                merged.append(a.factors[i]); i += 1
            } else if i == a.factors.count || b.factors[j].atom < a.factors[i].atom {
                merged.append(b.factors[j]); j += 1
            } else {
                merged.append(Factor(atom: a.factors[i].atom, exponent: a.factors[i].exponent + b.factors[j].exponent))
                i += 1; j += 1
            }
        }
        return try reduce(merged)
    }

    /// Applies i^2 = -1 and the prime-power rule; drops zero exponents.
    static func reduce(_ factors: [Factor]) throws(MathFailure) -> (Rational, Monomial) {
        var coefficient = Rational.one
        var out: [Factor] = []
        out.reserveCapacity(factors.count)
        for f in factors {
            if abs(f.exponent.num) > 4096 || f.exponent.den > 4096 { throw .limit("exponent too large") }
            switch f.atom {
            case .imaginary:
                guard f.exponent.isInteger else { throw MathFailure("fractional power of i") }
                let k = ((f.exponent.num % 4) + 4) % 4
                if k >= 2 { coefficient = -coefficient }
                if k % 2 == 1 { out.append(Factor(atom: .imaginary, exponent: Exponent(1))) }
            case .prime(let p):
                let whole = f.exponent.floor
                if whole != 0 { coefficient = try coefficient * Rational(p).power(whole) }
                let rest = f.exponent + Exponent(-whole)
                if !rest.isZero { out.append(Factor(atom: f.atom, exponent: rest)) }
            default:
                if !f.exponent.isZero { out.append(f) }
            }
        }
        return (coefficient, Monomial(factors: out))
    }

    /// The monomial raised to an exponent (rules re-applied).
    func raised(to e: Exponent) throws(MathFailure) -> (Rational, Monomial) {
        try Monomial.reduce(factors.map { Factor(atom: $0.atom, exponent: $0.exponent * e) })
    }
}

/// A term: rational coefficient times monomial.
struct Term: Hashable, Sendable {
    var coefficient: Rational
    var monomial: Monomial
}

/// A polynomial over Q in atoms, in canonical form: terms sorted by monomial, no zero
/// coefficients, no monomial twice, cos powers below 2.
struct Polynomial: Hashable, Sendable, CustomStringConvertible {
    var terms: [Term]

    static let zero = Polynomial(terms: [])
    static let one = Polynomial(Rational.one)

    /// Most terms a polynomial may have.
    static let maxTerms = MathLimits().maxTerms

    init(terms: [Term]) { self.terms = terms }

    init(_ r: Rational) { terms = r.isZero ? [] : [Term(coefficient: r, monomial: .one)] }

    init(atom: Atom, exponent: Exponent = Exponent(1)) {
        terms = [Term(coefficient: .one, monomial: Monomial(factors: [Factor(atom: atom, exponent: exponent)]))]
    }

    var isZero: Bool { terms.isEmpty }

    /// The value when the polynomial is a rational constant.
    var rational: Rational? {
        if terms.isEmpty { return .zero }
        if terms.count == 1 && terms[0].monomial.isOne { return terms[0].coefficient }
        return nil
    }

    /// Whether no term contains a letter.
    var isConstant: Bool { terms.allSatisfy { $0.monomial.isConstant } }

    /// Sorts and merges a raw term list into canonical form.
    static func collecting(_ raw: [Term]) throws(MathFailure) -> Polynomial {
        if raw.count <= 1 { return Polynomial(terms: raw.filter { !$0.coefficient.isZero }) }
        let sorted = raw.sorted { $0.monomial < $1.monomial }
        var out: [Term] = []
        out.reserveCapacity(sorted.count)
        for t in sorted {
            if let last = out.last, last.monomial == t.monomial {
                let c = try last.coefficient + t.coefficient
                if c.isZero { out.removeLast() } else { out[out.count - 1].coefficient = c }
            } else if !t.coefficient.isZero {
                out.append(t)
            }
        }
        if out.count > maxTerms { throw .limit("more than \(maxTerms) terms") }
        return Polynomial(terms: out)
    }

    static func + (a: Polynomial, b: Polynomial) throws(MathFailure) -> Polynomial {
        if a.isZero { return b }
        if b.isZero { return a }
        if let x = a.rational, let y = b.rational { return Polynomial(try x + y) }
        return try collecting(a.terms + b.terms)
    }

    static prefix func - (a: Polynomial) -> Polynomial {
        Polynomial(terms: a.terms.map { Term(coefficient: -$0.coefficient, monomial: $0.monomial) })
    }

    static func - (a: Polynomial, b: Polynomial) throws(MathFailure) -> Polynomial { try a + (-b) }

    static func * (a: Polynomial, b: Polynomial) throws(MathFailure) -> Polynomial {
        if a.isZero || b.isZero { return .zero }
        if let x = a.rational, let y = b.rational { return Polynomial(try x * y) }
        if a.terms.count * b.terms.count > maxTerms * 8 { throw .limit("product with too many terms") }
        var raw: [Term] = []
        raw.reserveCapacity(a.terms.count * b.terms.count)
        var needsTrig = false
        for s in a.terms {
            for t in b.terms {
                let (c, m) = try Monomial.product(s.monomial, t.monomial)
                let coefficient = try s.coefficient * t.coefficient * c
                if m.factors.contains(where: { if case .cosine = $0.atom { return $0.exponent.num >= 2 } else { return false } }) {
                    needsTrig = true
                }
                raw.append(Term(coefficient: coefficient, monomial: m))
            }
        }
        let p = try collecting(raw)
        return needsTrig ? try p.reducingTrig() : p
    }

    /// Multiplies every coefficient by a rational.
    func scaled(by r: Rational) throws(MathFailure) -> Polynomial {
        if r.isZero { return .zero }
        if r == .one { return self }
        var out = terms
        for k in out.indices { out[k].coefficient = try out[k].coefficient * r }
        return Polynomial(terms: out)
    }

    /// Rewrites cos(u)^k (k >= 2) as cos(u)^(k-2) * (1 - sin(u)^2) until no such power is left.
    func reducingTrig() throws(MathFailure) -> Polynomial {
        var pending = terms
        var done: [Term] = []
        var steps = 0
        while let t = pending.popLast() {
            steps += 1
            if steps > Polynomial.maxTerms * 16 { throw .limit("trigonometric reduction too long") }
            guard let k = t.monomial.factors.firstIndex(where: {
                if case .cosine = $0.atom { return $0.exponent.num >= 2 } else { return false }
            }), case .cosine(let u) = t.monomial.factors[k].atom
            else { done.append(t); continue }
            var lower = t.monomial.factors
            lower[k] = Factor(atom: .cosine(u), exponent: lower[k].exponent + Exponent(-2))
            let (_, base) = try Monomial.reduce(lower)
            pending.append(Term(coefficient: t.coefficient, monomial: base))
            let (c, withSine) = try Monomial.product(base, Monomial(factors: [Factor(atom: .sine(u), exponent: Exponent(2))]))
            pending.append(Term(coefficient: try -(t.coefficient * c), monomial: withSine))
        }
        return try Polynomial.collecting(done)
    }

    /// The polynomial raised to a non-negative integer power.
    func power(_ n: Int) throws(MathFailure) -> Polynomial {
        if n == 0 { return .one }
        if let r = rational { return Polynomial(try r.power(n)) }
        if terms.count == 1 {
            let t = terms[0]
            let (c, m) = try t.monomial.raised(to: Exponent(n))
            let p = Polynomial(terms: [Term(coefficient: try t.coefficient.power(n) * c, monomial: m)])
            return m.factors.contains(where: { if case .cosine = $0.atom { return true } else { return false } })
                ? try p.reducingTrig() : p
        }
        if n > Polynomial.maxTermsExponent { throw .limit("power of a sum above \(Polynomial.maxTermsExponent)") }
        var result = Polynomial.one, base = self, e = n
        while e > 0 {
            if e & 1 == 1 { result = try result * base }
            e >>= 1
            if e > 0 { base = try base * base }
        }
        return result
    }

    static let maxTermsExponent = MathLimits().maxSymbolicExponent

    /// A floating-point value when every atom is a real constant with a known value.
    var approximate: Double? {
        var sum = 0.0
        for t in terms {
            var v = t.coefficient.double
            for f in t.monomial.factors {
                let e = Double(f.exponent.num) / Double(f.exponent.den)
                switch f.atom {
                case .prime(let p): v *= realPower(Double(p), e)
                case .pi: v *= realPower(Double.pi, e)
                case .euler: v *= realPower(2.718281828459045, e)
                case .logPrime(let p): v *= realPower(naturalLog(Double(p)), e)
                default: return nil
                }
            }
            sum += v
        }
        return sum
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends `description` to `s`: terms in order, `0` for the zero polynomial.
    func write(to s: inout String) {
        if terms.isEmpty {
            s += "0"
            return
        }
        for (k, t) in terms.enumerated() {
            var c = t.coefficient
            if k > 0 {
                if c.signum < 0 {
                    s += " - "
                    c = -c
                } else {
                    s += " + "
                }
            }
            if t.monomial.isOne {
                c.write(to: &s)
            } else if c == .one {
                t.monomial.write(to: &s)
            } else if c == .minusOne {
                s += "-"
                t.monomial.write(to: &s)
            } else {
                c.write(to: &s)
                s += "*"
                t.monomial.write(to: &s)
            }
        }
    }
}
