import Testing

@testable import MathVerifier

/// The eight-bytes-at-a-time scans against plain byte loops, on texts built to hit every offset
/// within a word and both ends of the buffer.
struct ByteScanTests {
    /// A deterministic generator (the scans must agree on every input, not on lucky ones).
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func text(_ g: inout SplitMix, length: Int, alphabet: [UInt8]) -> [UInt8] {
        (0..<length).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
    }

    static func naiveLastIndex(of byte: UInt8, in bytes: [UInt8], through end: Int) -> Int? {
        var i = end
        while i >= 0 {
            if bytes[i] == byte { return i }
            i -= 1
        }
        return nil
    }

    static func naiveNestsDeeper(_ bytes: [UInt8], than limit: Int) -> Bool {
        var depth = 0
        for c in bytes {
            if c == 0x7B || c == 0x28 || c == 0x5B {
                depth += 1
                if depth > limit { return true }
            } else if c == 0x7D || c == 0x29 || c == 0x5D {
                depth = max(0, depth - 1)
            }
        }
        return false
    }

    @Test func matchesFlagsExactlyTheEqualBytes() {
        var g = SplitMix(state: 1)
        for _ in 0..<2000 {
            let word = g.next()
            let byte = UInt8(truncatingIfNeeded: g.next())
            var expected: UInt64 = 0
            for k in 0..<8 where UInt8(truncatingIfNeeded: word >> (8 * k)) == byte { expected |= 0x80 << (8 * k) }
            #expect(ByteScan.matches(byte, in: word) == expected)
        }
        // Bytes next to the target (borrow and carry cases).
        #expect(ByteScan.matches(0x5C, in: 0x5B5D_5C00_FF80_7F5C) == 0x0000_8000_0000_0080)
    }

    @Test func lastIndexAgreesWithAPlainLoop() {
        var g = SplitMix(state: 2)
        let alphabet: [UInt8] = Array("ab\\{} 1".utf8) + [0x00, 0xFF, 0x5B, 0x5D]
        for length in 0..<40 {
            for _ in 0..<30 {
                let bytes = Self.text(&g, length: length, alphabet: alphabet)
                for end in [-1, length / 2, length - 1] where end < length {
                    let fast = bytes.withUnsafeBufferPointer { ByteScan.lastIndex(of: 0x5C, in: $0, through: end) }
                    #expect(fast == Self.naiveLastIndex(of: 0x5C, in: bytes, through: end), "\(bytes) through \(end)")
                }
            }
        }
    }

    @Test func nestingAgreesWithAPlainLoop() {
        var g = SplitMix(state: 3)
        let alphabet: [UInt8] = Array("{([x ])}ab".utf8)
        for length in 0..<70 {
            for _ in 0..<40 {
                let bytes = Self.text(&g, length: length, alphabet: alphabet)
                for limit in [0, 1, 2, 3, 5] {
                    let fast = bytes.withUnsafeBufferPointer { ByteScan.nestsDeeper($0, than: limit) }
                    #expect(fast == Self.naiveNestsDeeper(bytes, than: limit), "\(String(decoding: bytes, as: UTF8.self)) limit \(limit)")
                }
            }
        }
        let deep = Array((String(repeating: "x", count: 13) + String(repeating: "{", count: 65) + String(repeating: "}", count: 65)).utf8)
        #expect(deep.withUnsafeBufferPointer { ByteScan.nestsDeeper($0, than: 64) })
        #expect(!deep.withUnsafeBufferPointer { ByteScan.nestsDeeper($0, than: 65) })
    }
}
