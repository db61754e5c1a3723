/// Byte searches over UTF-8 text that test eight bytes per step (SWAR), for the scans that run
/// over whole responses.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` that equals `byte`, and no other bit (exact).
    @inline(__always)
    static func matches(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        // The high bit of every zero byte of x, computed without borrows across bytes.
        return ~(((x & ~highs) &+ ~highs) | x | ~highs)
    }

    /// Whether some byte of `word` equals `byte`.
    @inline(__always)
    static func contains(_ byte: UInt8, in word: UInt64) -> Bool { matches(byte, in: word) != 0 }

    /// Whether `{ ( [` nest deeper than `limit` against `} ) ]` in `bytes` (a closing bracket at
    /// depth 0 is ignored). Eight-byte words with no bracket are skipped whole, and the scan stops
    /// at the first bracket past the limit.
    static func nestsDeeper(_ bytes: UnsafeBufferPointer<UInt8>, than limit: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var depth = 0
        var i = 0
        while i < n {
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let brackets =
                    matches(0x7B, in: w) | matches(0x28, in: w) | matches(0x5B, in: w) | matches(0x7D, in: w)
                    | matches(0x29, in: w) | matches(0x5D, in: w)
                if brackets == 0 {
                    i += 8
                    continue
                }
                // Go straight to the first bracket of the word (little-endian: low byte first).
                i += brackets.trailingZeroBitCount / 8
            }
            let c = bytes[i]
            if c == 0x7B || c == 0x28 || c == 0x5B {
                depth += 1
                if depth > limit { return true }
            } else if c == 0x7D || c == 0x29 || c == 0x5D {
                depth = depth > 0 ? depth - 1 : 0
            }
            i += 1
        }
        return false
    }

    /// The largest index `i <= end` with `bytes[i] == byte`, or nil.
    static func lastIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, through end: Int) -> Int? {
        guard end >= 0, let base = bytes.baseAddress else { return nil }
        precondition(end < bytes.count)
        let raw = UnsafeRawPointer(base)
        var i = end
        // Byte by byte until i is the last byte of a whole word, then a word at a time.
        while i >= 7 {
            let word = raw.loadUnaligned(fromByteOffset: i - 7, as: UInt64.self)
            if contains(byte, in: word) { break }
            i -= 8
        }
        while i >= 0 {
            if bytes[i] == byte { return i }
            i -= 1
        }
        return nil
    }
}
