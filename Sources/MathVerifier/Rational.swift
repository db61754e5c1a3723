/// An exact rational number in lowest terms with a positive denominator.
///
/// Values whose numerator and denominator fit in 64 bits stay in machine integers (the fast path);
/// anything larger lives in GMP. The representation is canonical, so `==` is structural.
struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Storage: Sendable {
        /// Numerator and positive denominator, coprime, neither equal to `Int64.min`.
        case small(Int64, Int64)
        /// Used only when the value does not fit `small`.
        case big(BigInteger, BigInteger)
    }

    let storage: Storage

    /// The largest magnitude (bits of numerator or denominator) any result may reach.
    static let maxBits = MathLimits().maxBits

    static let zero = Rational(0)
    static let one = Rational(1)
    static let minusOne = Rational(-1)

    init(_ n: Int64) { storage = .small(n == Int64.min ? n + 1 : n, 1) }

    /// `n / d` reduced; `d` must not be zero.
    init(_ n: Int64, _ d: Int64) {
        precondition(d != 0, "zero denominator")
        if n != Int64.min && d != Int64.min {
            var n = n, d = d
            if d < 0 { n = -n; d = -d }
            let g = Rational.gcd(n.magnitude, d.magnitude)
            storage = .small(n / Int64(g), d / Int64(g))
        } else {
            self = Rational.normalized(BigInteger(n), BigInteger(d))
        }
    }

    init(_ big: BigInteger) { self = Rational.normalized(big, BigInteger(1)) }

    private init(storage: Storage) { self.storage = storage }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    /// Reduces `n / d` (d nonzero), fixes the sign and picks the smallest storage.
    static func normalized(_ n: BigInteger, _ d: BigInteger) -> Rational {
        var n = n, d = d
        if d.signum < 0 { n = -n; d = -d }
        let g = n.gcd(d)
        if g.int64 != 1 { n = n.dividedExactly(by: g); d = d.dividedExactly(by: g) }
        if let sn = n.int64, let sd = d.int64, sn != Int64.min, sd != Int64.min {
            return Rational(storage: .small(sn, sd))
        }
        return Rational(storage: .big(n, d))
    }

    var numerator: BigInteger {
        switch storage {
        case .small(let n, _): return BigInteger(n)
        case .big(let n, _): return n
        }
    }

    var denominator: BigInteger {
        switch storage {
        case .small(_, let d): return BigInteger(d)
        case .big(_, let d): return d
        }
    }

    /// The numerator and denominator when both fit in 64 bits.
    var smallParts: (Int64, Int64)? {
        if case .small(let n, let d) = storage { return (n, d) }
        return nil
    }

    /// The value as an Int64 when it is an integer that fits.
    var int64: Int64? {
        if case .small(let n, 1) = storage { return n }
        return nil
    }

    var isInteger: Bool {
        switch storage {
        case .small(_, let d): return d == 1
        case .big(_, let d): return d.int64 == 1
        }
    }

    var isZero: Bool { if case .small(0, _) = storage { return true } else { return false } }

    var signum: Int {
        switch storage {
        case .small(let n, _): return n < 0 ? -1 : (n > 0 ? 1 : 0)
        case .big(let n, _): return n.signum
        }
    }

    /// Bits of the larger of numerator and denominator.
    var bitWidth: Int {
        switch storage {
        case .small(let n, let d): return 64 - min(n.magnitude.leadingZeroBitCount, d.magnitude.leadingZeroBitCount)
        case .big(let n, let d): return max(n.bitWidth, d.bitWidth)
        }
    }

    var double: Double {
        switch storage {
        case .small(let n, let d): return Double(n) / Double(d)
        case .big(let n, let d):
            let shift = max(0, max(n.bitWidth, d.bitWidth) - 900)
            if shift == 0 { return n.double / d.double }
            // Both huge: compare magnitudes by bit counts (enough for ordering hints).
            return Double(n.signum) * Double.greatestFiniteMagnitude.squareRoot()
                * (n.bitWidth >= d.bitWidth ? 1 : 0)
        }
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends `description` to `s`: `n` or `n/d`.
    func write(to s: inout String) {
        switch storage {
        case .small(let n, let d):
            s += String(n)
            if d != 1 {
                s += "/"
                s += String(d)
            }
        case .big(let n, let d):
            s += n.decimalString
            if d.int64 != 1 {
                s += "/"
                s += d.decimalString
            }
        }
    }

    static func == (a: Rational, b: Rational) -> Bool {
        switch (a.storage, b.storage) {
        case (.small(let n1, let d1), .small(let n2, let d2)): return n1 == n2 && d1 == d2
        case (.big(let n1, let d1), .big(let n2, let d2)): return n1.compare(n2) == 0 && d1.compare(d2) == 0
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch storage {
        case .small(let n, let d): hasher.combine(n); hasher.combine(d)
        case .big(let n, let d): hasher.combine(n.bitWidth); hasher.combine(d.bitWidth)
        }
    }

    static func < (a: Rational, b: Rational) -> Bool {
        if case .small(let n1, let d1) = a.storage, case .small(let n2, let d2) = b.storage {
            let l = n1.multipliedFullWidth(by: d2), r = n2.multipliedFullWidth(by: d1)
            return l.high < r.high || (l.high == r.high && l.low < r.low)
        }
        return (a.numerator * b.denominator).compare(b.numerator * a.denominator) < 0
    }
}
