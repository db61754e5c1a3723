/// The fast path for the most common answers: a signed integer or decimal (with optional
/// thousands separators) or a simple fraction `a/b`, read straight from the bytes without the
/// lexer, parser and evaluator. It accepts only text the full parser reads the same way, and
/// returns nil for anything else (the full path then decides).
enum QuickNumber {
    /// Decimal digits kept in machine integers here (longer literals take the full path).
    private static let maxDigits = 18

    static func parse(_ text: String) -> Rational? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    private static func parse(bytes u: UnsafeBufferPointer<UInt8>) -> Rational? {
        var i = 0
        let n = u.count
        guard n > 0, n <= 48 else { return nil }
        var negative = false
        if u[0] == 0x2D || u[0] == 0x2B {
            negative = u[0] == 0x2D
            i = 1
        } else if n >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92 {  // U+2212 minus
            negative = true
            i = 3
        }
        guard let (numerator, next) = decimal(u, from: i) else { return nil }
        i = next
        var value = numerator
        if i < n {
            guard u[i] == 0x2F, let (d, end) = decimal(u, from: i + 1), end == n, d.isInteger, !d.isZero, numerator.isInteger else {
                return nil
            }
            guard let q = try? numerator / d else { return nil }
            value = q
        }
        return negative ? -value : value
    }

    /// Digits with optional groups of three after commas and an optional fraction part.
    private static func decimal(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> (Rational, Int)? {
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        let n = u.count
        var i = start
        var integer: Int64 = 0
        var digits = 0
        while i < n && isDigit(u[i]) {
            integer = integer &* 10 &+ Int64(u[i] - 0x30)
            digits += 1
            i += 1
        }
        if digits >= 1 && digits <= 3 {
            while i + 3 < n + 0 && u[i] == 0x2C && isDigit(u[i + 1]) && isDigit(u[i + 2]) && isDigit(u[i + 3])
                && (i + 4 == n || !isDigit(u[i + 4]))
            {
                for k in 1...3 { integer = integer &* 10 &+ Int64(u[i + k] - 0x30) }
                digits += 3
                i += 4
            }
        }
        var fractionDigits = 0
        if i < n && u[i] == 0x2E {
            i += 1
            while i < n && isDigit(u[i]) {
                integer = integer &* 10 &+ Int64(u[i] - 0x30)
                fractionDigits += 1
                i += 1
            }
            if fractionDigits == 0 { return nil }
        }
        if digits + fractionDigits == 0 || digits + fractionDigits > maxDigits { return nil }
        if i < n && (u[i] == 0x65 || u[i] == 0x45 || u[i] == 0x2C || u[i] == 0x2E) { return nil }  // 1e3, lists: full path
        var scale: Int64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        return (Rational(integer, scale), i)
    }
}
