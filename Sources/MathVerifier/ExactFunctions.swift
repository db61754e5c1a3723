/// Exact values of roots, powers, logarithms and trigonometric functions. Anything without an
/// exact closed form becomes an opaque atom keyed by its canonical argument (so `\sin 1` equals
/// `\sin 1` but nothing else).
enum ExactFunctions {
    static let limits = MathLimits()

    /// Prime factorization of a positive integer up to `maxFactoredInteger`.
    static func factorize(_ n: BigInteger) throws(MathFailure) -> [(Int64, Int)] {
        guard let v = n.int64, v > 0, v <= limits.maxFactoredInteger else {
            throw .limit("integer too large to factor for a radical or logarithm")
        }
        var m = v
        var out: [(Int64, Int)] = []
        var p: Int64 = 2
        while p * p <= m {
            if m % p == 0 {
                var e = 0
                while m % p == 0 { m /= p; e += 1 }
                out.append((p, e))
            }
            p += p == 2 ? 1 : 2
        }
        if m > 1 { out.append((m, 1)) }
        return out
    }

    /// r^e for a rational r and a fractional exponent e, as an exact expression.
    static func rationalPower(_ r: Rational, _ e: Exponent) throws(MathFailure) -> ExactExpression {
        if e.isInteger { return ExactExpression(try r.power(e.num)) }
        if r.isZero {
            if e.num > 0 { return .zero }
            throw MathFailure.undefined("division by zero")
        }
        if r.signum < 0 {
            if e.den % 2 == 1 {
                let magnitude = try rationalPower(-r, e)
                return e.num % 2 == 0 ? magnitude : -magnitude
            }
            if e.den == 2 {
                // sqrt(-a)^k = i^k sqrt(a)^k
                let magnitude = try rationalPower(-r, e)
                return try magnitude * ExactExpression(Polynomial(atom: .imaginary)).power(e.num)
            }
            throw MathFailure("even root of a negative number")
        }
        // Whole roots first (handles large perfect powers without factoring).
        if e.num == 1, let root = r.exactRoot(e.den) { return ExactExpression(root) }
        if e.num == -1, let root = r.exactRoot(e.den) { return ExactExpression(try root.inverse()) }
        var factors: [Factor] = []
        for (p, k) in try factorize(r.numerator) { factors.append(Factor(atom: .prime(p), exponent: Exponent(k) * e)) }
        for (p, k) in try factorize(r.denominator) { factors.append(Factor(atom: .prime(p), exponent: Exponent(-k) * e)) }
        factors.sort { $0.atom < $1.atom }
        let (c, m) = try Monomial.reduce(factors)
        return ExactExpression(Polynomial(terms: [Term(coefficient: c, monomial: m)]))
    }

    /// base^exponent for exact expressions.
    static func power(_ base: ExactExpression, _ exponent: ExactExpression) throws(MathFailure) -> ExactExpression {
        if exponent.rational == nil, base.isPolynomial, base.numerator.terms.count == 1, base.numerator.terms[0].coefficient == .one,
            base.numerator.terms[0].monomial.factors == [Factor(atom: .euler, exponent: Exponent(1))]
        {
            return try exponential(exponent)
        }
        if let q = exponent.rational {
            if let n = q.int64, q.isInteger {
                if abs(n) > Int64(limits.maxBits) { throw .limit("exponent too large") }
                if base.rational == nil && abs(n) > Int64(limits.maxSymbolicExponent) {
                    if base.numerator.terms.count > 1 || !base.isPolynomial { throw .limit("exponent too large") }
                    if abs(n) > 4096 { throw .limit("exponent too large") }
                }
                return try base.power(Int(n))
            }
            guard let (n, d) = q.smallParts, abs(n) <= 4096, d <= 4096 else { throw .limit("exponent too large") }
            let e = Exponent(Int(n), Int(d))
            if let r = base.rational { return try rationalPower(r, e) }
            // A single term of positive constants: multiply exponents.
            if base.isPolynomial, base.numerator.terms.count == 1 {
                let t = base.numerator.terms[0]
                if t.coefficient.signum > 0 && t.monomial.factors.allSatisfy({ $0.atom.isPositiveConstant }) {
                    let c = try rationalPower(t.coefficient, e)
                    let (k, m) = try t.monomial.raised(to: e)
                    return try c * ExactExpression(Polynomial(terms: [Term(coefficient: k, monomial: m)]))
                }
            }
            return opaque("(\(base))^(\(q))")
        }
        // e^x for a symbolic x.
        if base.isPolynomial, base.numerator.terms.count == 1, base.numerator.terms[0].coefficient == .one,
            base.numerator.terms[0].monomial.factors == [Factor(atom: .euler, exponent: Exponent(1))]
        {
            return try exponential(exponent)
        }
        return opaque("(\(base))^(\(exponent))")
    }

    static func opaque(_ key: String) -> ExactExpression {
        ExactExpression(Polynomial(atom: .function(key)))
    }

    /// The natural logarithm.
    static func ln(_ x: ExactExpression) throws(MathFailure) -> ExactExpression {
        if let r = x.rational {
            if r.signum <= 0 { throw MathFailure.undefined("logarithm of a non-positive number") }
            var sum = ExactExpression.zero
            for (p, k) in try factorize(r.numerator) {
                sum = try sum + ExactExpression(Polynomial(atom: .logPrime(p))) * ExactExpression(Rational(Int64(k)))
            }
            for (p, k) in try factorize(r.denominator) {
                sum = try sum - ExactExpression(Polynomial(atom: .logPrime(p))) * ExactExpression(Rational(Int64(k)))
            }
            return sum
        }
        // c * e^r * (prime powers)
        if x.isPolynomial, x.numerator.terms.count == 1 {
            let t = x.numerator.terms[0]
            if t.coefficient.signum > 0, t.monomial.factors.allSatisfy({ $0.atom == .euler || { if case .prime = $0 { return true } else { return false } }($0.atom) }) {
                var sum = try ln(ExactExpression(t.coefficient))
                for f in t.monomial.factors {
                    let e = ExactExpression(Rational(Int64(f.exponent.num), Int64(f.exponent.den)))
                    switch f.atom {
                    case .euler: sum = try sum + e
                    case .prime(let p): sum = try sum + e * ExactExpression(Polynomial(atom: .logPrime(p)))
                    default: break
                    }
                }
                return sum
            }
        }
        return opaque("ln(\(x))")
    }

    // MARK: Trigonometry

    /// sin(k * pi / 12) for k in 0...6.
    private static func sineTable(_ k: Int) throws(MathFailure) -> ExactExpression {
        let half = Rational(1, 2)
        switch k {
        case 0: return .zero
        case 1, 5:
            let s6 = try rationalPower(Rational(6), Exponent(1, 2)), s2 = try rationalPower(Rational(2), Exponent(1, 2))
            let sum = k == 1 ? try s6 - s2 : try s6 + s2
            return try sum * ExactExpression(Rational(1, 4))
        case 2: return ExactExpression(half)
        case 3: return try rationalPower(Rational(2), Exponent(1, 2)) * ExactExpression(half)
        case 4: return try rationalPower(Rational(3), Exponent(1, 2)) * ExactExpression(half)
        default: return .one
        }
    }

    /// sin(k * pi / 12) for any integer k.
    static func sine(twelfths k: Int) throws(MathFailure) -> ExactExpression {
        let m = ((k % 24) + 24) % 24
        if m <= 6 { return try sineTable(m) }
        if m <= 12 { return try sineTable(12 - m) }
        return -(try sine(twelfths: m - 12))
    }

    /// The argument as k * pi / 12 when it is a rational multiple of pi with such a k.
    static func twelfthsOfPi(_ x: ExactExpression) -> Int? {
        if x.isZero { return 0 }
        guard x.isPolynomial, x.numerator.terms.count == 1 else { return nil }
        let t = x.numerator.terms[0]
        guard t.monomial.factors == [Factor(atom: .pi, exponent: Exponent(1))] else { return nil }
        guard let k = try? t.coefficient * Rational(12), let n = k.int64, k.isInteger, abs(n) < 1_000_000 else { return nil }
        return Int(n)
    }

    /// sin x and cos x, expanded through sums (`sin(a+b)`) and small integer multiples
    /// (`sin 2x`) down to standard angles and atoms sin(u), cos(u) of single terms.
    static func sineAndCosine(_ x: ExactExpression, depth: Int = 0) throws(MathFailure) -> (ExactExpression, ExactExpression) {
        if let k = twelfthsOfPi(x) { return (try sine(twelfths: k), try sine(twelfths: k + 6)) }
        func atoms(_ x: ExactExpression) -> (ExactExpression, ExactExpression) {
            let key = x.description
            return (ExactExpression(Polynomial(atom: .sine(key))), ExactExpression(Polynomial(atom: .cosine(key))))
        }
        let terms = x.numerator.terms
        guard x.isPolynomial, depth < 6, terms.count <= 6 else { return atoms(x) }
        if terms.count > 1 {
            let (s1, c1) = try sineAndCosine(ExactExpression(Polynomial(terms: [terms[0]])), depth: depth + 1)
            let (s2, c2) = try sineAndCosine(ExactExpression(Polynomial(terms: Array(terms.dropFirst()))), depth: depth + 1)
            return (try s1 * c2 + c1 * s2, try c1 * c2 - s1 * s2)
        }
        let t = terms[0]
        if t.coefficient.signum < 0 {
            let (s, c) = try sineAndCosine(-x, depth: depth + 1)
            return (-s, c)
        }
        if !t.monomial.isOne, let n = t.coefficient.int64, n >= 2, n <= 12 {
            let (s1, c1) = atoms(ExactExpression(Polynomial(terms: [Term(coefficient: .one, monomial: t.monomial)])))
            var s = s1, c = c1
            for _ in 1..<n { (s, c) = (try s * c1 + c * s1, try c * c1 - s * s1) }
            return (s, c)
        }
        return atoms(x)
    }

    /// e^x, split over the terms of x: e^(r + n*u + k*ln p) = e^r * exp(u)^n * p^k.
    static func exponential(_ x: ExactExpression) throws(MathFailure) -> ExactExpression {
        guard x.isPolynomial, x.numerator.terms.count <= 16 else { return opaque("exp(\(x))") }
        var result = ExactExpression.one
        for t in x.numerator.terms {
            if t.monomial.isOne {
                guard let (n, d) = t.coefficient.smallParts, abs(n) <= 4096, d <= 4096 else { throw .limit("exponent too large") }
                result = try result * ExactExpression(Polynomial(atom: .euler, exponent: Exponent(Int(n), Int(d))))
            } else if t.monomial.factors.count == 1, case .logPrime(let p) = t.monomial.factors[0].atom,
                t.monomial.factors[0].exponent == Exponent(1), let (n, d) = t.coefficient.smallParts, abs(n) <= 4096, d <= 4096
            {
                result = try result * rationalPower(Rational(p), Exponent(Int(n), Int(d)))
            } else if let n = t.coefficient.int64, abs(n) <= 64 {
                let u = ExactExpression(Polynomial(terms: [Term(coefficient: .one, monomial: t.monomial)]))
                result = try result * opaque("exp(\(u))").power(Int(n))
            } else {
                result = try result * opaque("exp(\(ExactExpression(Polynomial(terms: [t]))))")
            }
        }
        return result
    }

    static func trig(_ name: String, _ x: ExactExpression) throws(MathFailure) -> ExactExpression {
        let (s, c) = try sineAndCosine(x)
        switch name {
        case "sin": return s
        case "cos": return c
        case "tan": return try s / c
        case "cot": return try c / s
        case "sec": return try c.inverse()
        case "csc", "cosec": return try s.inverse()
        default: throw MathFailure("unknown function \(name)")
        }
    }

    /// arcsin, arccos, arctan of standard values; opaque otherwise.
    static func inverseTrig(_ name: String, _ v: ExactExpression) throws(MathFailure) -> ExactExpression {
        let range: ClosedRange<Int>
        switch name {
        case "arcsin", "arctan": range = -6...6
        case "arccos": range = 0...12
        default: return opaque("\(name)(\(v))")
        }
        for k in range {
            let f: ExactExpression
            switch name {
            case "arcsin": f = try sine(twelfths: k)
            case "arccos": f = try sine(twelfths: k + 6)
            default:
                if abs(k) == 6 { continue }
                f = try sine(twelfths: k) / sine(twelfths: k + 6)
            }
            if f.equals(v) {
                return ExactExpression(Polynomial(terms: [Term(coefficient: Rational(Int64(k), 12), monomial: Monomial(factors: [Factor(atom: .pi, exponent: Exponent(1))]))]))
            }
        }
        return opaque("\(name)(\(v))")
    }
}
