/// Finds the final answer inside a full model response.
///
/// Order: the last `\boxed{...}` / `\fbox{...}`; else the last marker ("final answer is",
/// "the answer is", "####", "answer:"); else the whole response when it reads as a bare answer;
/// else (flagged as a fallback) the last number in the text.
public enum AnswerExtraction {
    /// How the answer was found.
    public enum Method: String, Sendable {
        case boxed, marker, bare
        /// The last number in the response: a guess the verdict reports.
        case lastNumber = "last_number"
    }

    /// An extracted answer.
    public struct Extracted: Sendable, Equatable {
        public var text: String
        public var method: Method
    }

    /// The content of the last `\boxed{...}` or `\fbox{...}`, or nil.
    public static func lastBoxed(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { lastBoxed(bytes: $0) }
    }

    private static func lastBoxed(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // `\boxed` (5C 62 6F 78 65 64) or `\fbox` (5C 66 62 6F 78), scanning from the end.
        var best = -1
        var bestLength = 0
        var k = bytes.count - 5
        while k >= 0 {
            // Jump to the previous backslash, eight bytes at a time.
            guard let hit = ByteScan.lastIndex(of: 0x5C, in: bytes, through: k) else { break }
            k = hit
            if bytes[k] == 0x5C {
                if k + 6 <= bytes.count && bytes[k + 1] == 0x62 && bytes[k + 2] == 0x6F && bytes[k + 3] == 0x78
                    && bytes[k + 4] == 0x65 && bytes[k + 5] == 0x64
                {
                    best = k
                    bestLength = 6
                    break
                }
                if bytes[k + 1] == 0x66 && bytes[k + 2] == 0x62 && bytes[k + 3] == 0x6F && bytes[k + 4] == 0x78 {
                    best = k
                    bestLength = 5
                    break
                }
            }
            k -= 1
        }
        guard best >= 0 else { return nil }
        var i = best + bestLength
        while i < bytes.count && bytes[i] == 0x20 { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == 0x7B {
            var depth = 0
            let start = i + 1
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x5C { i += 2; continue }
                if c == 0x7B { depth += 1 }
                if c == 0x7D {
                    depth -= 1
                    if depth == 0 { return String(decoding: bytes[start..<i], as: UTF8.self) }
                }
                i += 1
            }
            return nil  // unbalanced
        }
        // `\boxed 5`: up to the next space or dollar.
        let start = i
        while i < bytes.count && bytes[i] != 0x20 && bytes[i] != 0x24 && bytes[i] != 0x0A { i += 1 }
        return i > start ? String(decoding: bytes[start..<i], as: UTF8.self) : nil
    }

    private static let markers: [[UInt8]] = [
        "final answer is", "final answer:", "the answer is", "answer is", "####", "answer:",
    ].map { Array($0.utf8) }

    /// The text after the last answer marker, up to the end of its line or sentence.
    public static func afterMarker(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { afterMarker(bytes: $0) }
    }

    private static func afterMarker(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var bestEnd = -1
        var bestStart = -1
        // Scan from the end for the last marker (ASCII case-insensitive).
        var k = bytes.count - 1
        outer: while k >= 0 {
            // Every marker starts with f, t, a or #.
            let first = bytes[k] | 0x20
            if first != 0x66 && first != 0x74 && first != 0x61 && bytes[k] != 0x23 { k -= 1; continue }
            // ... and goes on with i (final), h (the), n (answer) or # (####).
            if k + 1 < bytes.count {
                let second = bytes[k + 1] | 0x20
                if second != 0x69 && second != 0x68 && second != 0x6E && bytes[k + 1] != 0x23 { k -= 1; continue }
            }
            for m in markers where k + m.count <= bytes.count {
                var match = true
                for (j, c) in m.enumerated() {
                    var b = bytes[k + j]
                    if b >= 0x41 && b <= 0x5A { b += 32 }
                    if b != c { match = false; break }
                }
                if match { bestStart = k; bestEnd = k + m.count; break outer }
            }
            k -= 1
        }
        guard bestStart >= 0 else { return nil }
        var i = bestEnd
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x3A || bytes[i] == 0x2A) { i += 1 }  // spaces, ':', '**'
        let start = i
        var depth = 0
        var end = bytes.count
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x7B { depth += 1 }
            if c == 0x7D { depth -= 1 }
            if c == 0x0A && depth <= 0 { end = i; break }
            // A sentence end: ". " followed by a capital letter or end.
            if c == 0x2E && depth <= 0 && i + 1 < bytes.count && bytes[i + 1] == 0x20
                && (i + 2 >= bytes.count || (bytes[i + 2] >= 0x41 && bytes[i + 2] <= 0x5A))
            {
                end = i; break
            }
            i += 1
        }
        let s = cleaned(String(decoding: bytes[start..<end], as: UTF8.self))
        return s.isEmpty ? nil : s
    }

    /// Strips math delimiters, emphasis and a final period from an extracted answer.
    public static func cleaned(_ s: String) -> String {
        var s = s
        let range = s.withUTF8 { cleanedRange($0) }
        if range.lowerBound == 0 && range.upperBound == s.utf8.count { return s }
        return s.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Delimiter pairs stripped from both ends: `$$ $$`, `$ $`, `\( \)`, `\[ \]`, `** **`.
    private static let delimiterPairs: [([UInt8], [UInt8])] = [
        ([0x24, 0x24], [0x24, 0x24]), ([0x24], [0x24]), ([0x5C, 0x28], [0x5C, 0x29]), ([0x5C, 0x5B], [0x5C, 0x5D]),
        ([0x2A, 0x2A], [0x2A, 0x2A]),
    ]

    /// The byte range `cleaned` keeps.
    private static func cleanedRange(_ u: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var a = 0, b = u.count
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        func trim() {
            while a < b && isSpace(u[a]) { a += 1 }
            while b > a && isSpace(u[b - 1]) { b -= 1 }
        }
        func has(_ p: [UInt8], at i: Int) -> Bool {
            guard i >= 0 && i + p.count <= u.count else { return false }
            for j in 0..<p.count where u[i + j] != p[j] { return false }
            return true
        }
        func contains(_ c: UInt8, _ from: Int, _ to: Int) -> Bool {
            var i = from
            while i < to { if u[i] == c { return true }; i += 1 }
            return false
        }
        trim()
        var changed = true
        while changed && a < b {
            changed = false
            for (open, close) in delimiterPairs
            where b - a >= open.count + close.count && has(open, at: a) && has(close, at: b - close.count) {
                a += open.count
                b -= close.count
                trim()
                changed = true
            }
            if b > a && u[b - 1] == 0x2E && !(b - 2 >= a && u[b - 2] == 0x2E) { b -= 1; trim(); changed = true }
            if b > a && u[a] == 0x24 && !contains(0x24, a + 1, b) { a += 1; trim(); changed = true }
            if b > a && u[b - 1] == 0x24 && !contains(0x24, a, b - 1) { b -= 1; trim(); changed = true }
        }
        return a..<b
    }

    /// The last number written in the text (digits, optional sign, separators and decimals).
    public static func lastNumber(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { lastNumber(bytes: $0) }
    }

    private static func lastNumber(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var i = bytes.count - 1
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        while i >= 0 && !isDigit(bytes[i]) { i -= 1 }
        guard i >= 0 else { return nil }
        let end = i + 1
        while i >= 0 && (isDigit(bytes[i]) || ((bytes[i] == 0x2E || bytes[i] == 0x2C) && i > 0 && isDigit(bytes[i - 1]))) {
            i -= 1
        }
        var start = i + 1
        if i >= 0 && bytes[i] == 0x2D { start = i }
        // A comma that is not a thousands separator starts a new number.
        var lastComma = -1, firstPoint = -1
        for k in start..<end {
            if bytes[k] == 0x2C { lastComma = k }
            if bytes[k] == 0x2E && firstPoint < 0 { firstPoint = k }
        }
        if lastComma >= 0 && (end - (lastComma + 1) != 3 || (firstPoint >= 0 && firstPoint < lastComma)) {
            start = lastComma + 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
