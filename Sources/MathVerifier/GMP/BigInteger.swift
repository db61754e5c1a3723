import CGMP

#if canImport(Glibc)
    import Glibc
#endif

/// An arbitrary-precision integer owned by GMP. Immutable once built, so it is safe to share
/// between threads.
///
/// This file is the only code that calls GMP. GMP aborts the process when it runs out of memory,
/// so callers bound operand sizes (see `MathLimits`) before asking for a product or a power.
final class BigInteger: @unchecked Sendable {
    /// The GMP integer, at a stable heap address (GMP reads and writes it in place).
    fileprivate let raw: UnsafeMutablePointer<__mpz_struct>

    private init() {
        raw = .allocate(capacity: 1)
        __gmpz_init(raw)
    }

    deinit {
        __gmpz_clear(raw)
        raw.deallocate()
    }

    convenience init(_ value: Int64) {
        self.init()
        __gmpz_set_si(raw, Int(value))
    }

    /// Parses ASCII decimal digits (no sign, no separators); nil when `digits` holds anything else.
    convenience init?(decimalDigits digits: [UInt8]) {
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        self.init()
        let ok = (digits + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                __gmpz_set_str(raw, $0, 10)
            }
        }
        if ok != 0 { return nil }
    }

    /// Builds a result by running `body` on a fresh GMP integer.
    private static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigInteger {
        let r = BigInteger()
        body(r.raw)
        return r
    }

    /// -1, 0 or 1.
    var signum: Int { raw.pointee._mp_size < 0 ? -1 : (raw.pointee._mp_size > 0 ? 1 : 0) }

    /// Bits in the magnitude (1 for zero).
    var bitWidth: Int { Int(__gmpz_sizeinbase(raw, 2)) }

    /// The value as an Int64 when it fits.
    var int64: Int64? {
        guard __gmpz_fits_slong_p(raw) != 0 else { return nil }
        return Int64(__gmpz_get_si(raw))
    }

    /// The value as a Double (rounded; may be infinite for huge values).
    var double: Double { __gmpz_get_d(raw) }

    static func + (a: BigInteger, b: BigInteger) -> BigInteger { make { __gmpz_add($0, a.raw, b.raw) } }
    static func - (a: BigInteger, b: BigInteger) -> BigInteger { make { __gmpz_sub($0, a.raw, b.raw) } }
    static func * (a: BigInteger, b: BigInteger) -> BigInteger { make { __gmpz_mul($0, a.raw, b.raw) } }
    static prefix func - (a: BigInteger) -> BigInteger { make { __gmpz_neg($0, a.raw) } }

    /// The quotient of an exact division (the caller knows `b` divides `self`).
    func dividedExactly(by b: BigInteger) -> BigInteger { BigInteger.make { __gmpz_divexact($0, raw, b.raw) } }

    /// Truncated quotient and remainder; `b` must not be zero.
    func quotientAndRemainder(dividingBy b: BigInteger) -> (BigInteger, BigInteger) {
        let q = BigInteger(), r = BigInteger()
        __gmpz_tdiv_qr(q.raw, r.raw, raw, b.raw)
        return (q, r)
    }

    /// The non-negative greatest common divisor.
    func gcd(_ b: BigInteger) -> BigInteger { BigInteger.make { __gmpz_gcd($0, raw, b.raw) } }

    /// `self` raised to `exponent`; the caller bounds the result size first.
    func power(_ exponent: UInt) -> BigInteger { BigInteger.make { __gmpz_pow_ui($0, raw, exponent) } }

    /// n!; the caller bounds n first.
    static func factorial(_ n: UInt) -> BigInteger { make { __gmpz_fac_ui($0, n) } }

    /// The binomial coefficient C(n, k); the caller bounds n first.
    static func binomial(_ n: UInt, _ k: UInt) -> BigInteger { make { __gmpz_bin_uiui($0, n, k) } }

    /// The truncated k-th root and whether it is exact (`self` must be non-negative for even k).
    func root(_ k: UInt) -> (BigInteger, exact: Bool) {
        let r = BigInteger()
        let exact = __gmpz_root(r.raw, raw, k) != 0
        return (r, exact)
    }

    /// Three-way comparison.
    func compare(_ b: BigInteger) -> Int {
        let c = __gmpz_cmp(raw, b.raw)
        return c < 0 ? -1 : (c > 0 ? 1 : 0)
    }

    /// Decimal text.
    var decimalString: String {
        guard let p = __gmpz_get_str(nil, 10, raw) else { return "?" }
        defer { free(p) }
        return String(cString: p)
    }
}
