/// Exact arithmetic on `Rational`. Every operation that can grow a number checks the result size
/// against `Rational.maxBits` before GMP is asked for it, and throws `MathFailure` instead.
extension Rational {
    private static func checkBits(_ bits: Int) throws(MathFailure) {
        if bits > 2 * maxBits + 128 { throw .limit("number larger than \(maxBits) bits") }
    }

    private static func checked(_ r: Rational) throws(MathFailure) -> Rational {
        if r.bitWidth > maxBits { throw .limit("number larger than \(maxBits) bits") }
        return r
    }

    static func + (a: Rational, b: Rational) throws(MathFailure) -> Rational {
        if case .small(let n1, let d1) = a.storage, case .small(let n2, let d2) = b.storage {
            if d1 == 1 && d2 == 1 {
                let (s, o) = n1.addingReportingOverflow(n2)
                if !o && s != Int64.min { return Rational(s) }
            } else {
                let (x, o1) = n1.multipliedReportingOverflow(by: d2)
                let (y, o2) = n2.multipliedReportingOverflow(by: d1)
                let (d, o3) = d1.multipliedReportingOverflow(by: d2)
                if !o1 && !o2 && !o3 {
                    let (s, o4) = x.addingReportingOverflow(y)
                    if !o4 && s != Int64.min { return Rational(s, d) }
                }
            }
        }
        try checkBits(a.bitWidth + b.bitWidth)
        return try checked(
            normalized(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator))
    }

    static prefix func - (a: Rational) -> Rational {
        switch a.storage {
        case .small(let n, let d): return Rational(-n, d)
        case .big(let n, let d): return normalized(-n, d)
        }
    }

    static func - (a: Rational, b: Rational) throws(MathFailure) -> Rational { try a + (-b) }

    static func * (a: Rational, b: Rational) throws(MathFailure) -> Rational {
        if case .small(let n1, let d1) = a.storage, case .small(let n2, let d2) = b.storage {
            let (n, o1) = n1.multipliedReportingOverflow(by: n2)
            let (d, o2) = d1.multipliedReportingOverflow(by: d2)
            if !o1 && !o2 && n != Int64.min { return Rational(n, d) }
        }
        try checkBits(a.bitWidth + b.bitWidth)
        return try checked(normalized(a.numerator * b.numerator, a.denominator * b.denominator))
    }

    /// The reciprocal; throws for zero.
    func inverse() throws(MathFailure) -> Rational {
        if isZero { throw MathFailure.undefined("division by zero") }
        switch storage {
        case .small(let n, let d): return Rational(d, n)
        case .big(let n, let d): return Rational.normalized(d, n)
        }
    }

    static func / (a: Rational, b: Rational) throws(MathFailure) -> Rational { try a * b.inverse() }

    /// `self` raised to an integer power, bounded by `maxBits`.
    func power(_ e: Int) throws(MathFailure) -> Rational {
        if e == 0 { return .one }
        if e < 0 { return try inverse().power(-e) }
        if isZero || self == .one { return self }
        if self == .minusOne { return e % 2 == 0 ? .one : self }
        let estimate = (bitWidth - 1) * e
        if estimate > Rational.maxBits || e > Rational.maxBits { throw .limit("power too large") }
        let p = UInt(e)
        return try Rational.checked(Rational.normalized(numerator.power(p), denominator.power(p)))
    }

    /// n! for a non-negative integer n up to `limit`.
    static func factorial(_ n: Rational, limit: Int) throws(MathFailure) -> Rational {
        guard let k = n.int64, n.isInteger else { throw MathFailure("factorial of a non-integer") }
        if k < 0 { throw MathFailure("factorial of a negative number") }
        if k > Int64(limit) { throw .limit("factorial argument above \(limit)") }
        if k <= 20 {
            var r: Int64 = 1
            for i in stride(from: 2, through: k, by: 1) { r *= i }
            return Rational(r)
        }
        return try checked(Rational(BigInteger.factorial(UInt(k))))
    }

    /// The binomial coefficient C(n, k) for integers 0 <= n <= limit (0 when k is out of range).
    static func binomial(_ n: Rational, _ k: Rational, limit: Int) throws(MathFailure) -> Rational {
        guard let nn = n.int64, let kk = k.int64 else { throw MathFailure("binomial of non-integers") }
        if nn < 0 { throw MathFailure("binomial with negative n") }
        if nn > Int64(limit) { throw .limit("binomial argument above \(limit)") }
        if kk < 0 || kk > nn { return .zero }
        return try checked(Rational(BigInteger.binomial(UInt(nn), UInt(kk))))
    }

    /// Builds a decimal: `integer.fraction` with an optional repeating block and power-of-ten
    /// exponent, e.g. 0.1(6) = 1/6, 1.5e3 = 1500. Digits are ASCII bytes.
    static func decimal(
        integer: [UInt8], fraction: [UInt8], repeating: [UInt8] = [], exponent: Int = 0
    ) throws(MathFailure) -> Rational {
        let digits = integer + fraction
        var value: Rational
        if digits.count <= 18 {
            var v: Int64 = 0
            for c in digits { v = v * 10 + Int64(c - 0x30) }
            value = Rational(v)
        } else {
            guard let big = BigInteger(decimalDigits: digits) else { throw MathFailure("bad digits") }
            value = try checked(Rational(big))
        }
        if !fraction.isEmpty { value = try value / Rational(10).power(fraction.count) }
        if !repeating.isEmpty {
            let block = try decimal(integer: repeating, fraction: [])
            let scale = try Rational(10).power(fraction.count) * (Rational(10).power(repeating.count) - .one)
            value = try value + block / scale
        }
        if exponent != 0 {
            if abs(exponent) > maxBits / 3 { throw .limit("exponent too large") }
            value = try value * Rational(10).power(exponent)
        }
        return value
    }

    /// A decimal written as text (`12`, `1.5`), with repeating digits and an exponent.
    static func decimal(_ text: String, repeating: String = "", exponent: Int = 0) throws(MathFailure) -> Rational {
        if repeating.isEmpty && exponent == 0 && text.utf8.count <= 18 {
            var v: Int64 = 0
            var scale: Int64 = 1
            var afterPoint = false
            for c in text.utf8 {
                if c == 0x2E { afterPoint = true; continue }
                v = v * 10 + Int64(c &- 0x30)
                if afterPoint { scale *= 10 }
            }
            return Rational(v, scale)
        }
        let bytes = Array(text.utf8)
        let dot = bytes.firstIndex(of: 0x2E)
        return try decimal(
            integer: dot.map { Array(bytes[..<$0]) } ?? bytes, fraction: dot.map { Array(bytes[($0 + 1)...]) } ?? [],
            repeating: Array(repeating.utf8), exponent: exponent)
    }

    /// Exact integer k-th root of a non-negative rational, if there is one.
    func exactRoot(_ k: Int) -> Rational? {
        if signum < 0 { return nil }
        let (n, ne) = numerator.root(UInt(k))
        guard ne else { return nil }
        let (d, de) = denominator.root(UInt(k))
        guard de else { return nil }
        return Rational.normalized(n, d)
    }
}
