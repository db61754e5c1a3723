extension JSONValue {
    /// Compact JSON text (no spaces, no newlines), suitable for one JSONL line.
    public var jsonText: String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON encoding of this value to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): JSONValue.writeInteger(i, to: &out)
        case .number(let d):
            if d.isFinite {
                if d == d.rounded(), abs(d) < 1e15 {
                    out.append(contentsOf: Array(String(Int64(d)).utf8))
                } else {
                    out.append(contentsOf: Array(String(d).utf8))
                }
            } else {
                out.append(contentsOf: "null".utf8)  // JSON has no NaN or infinity
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o): o.write(to: &out)
        }
    }

    /// Appends the decimal digits of `i`.
    static func writeInteger(_ i: Int64, to out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var m = i.magnitude
        if m < 10 { out.append(0x30 + UInt8(m)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes for up to 19 digits, least significant first
        let count = withUnsafeMutableBytes(of: &digits) { raw -> Int in
            var n = 0
            while m > 0 {
                raw[n] = 0x30 + UInt8(m % 10)
                m /= 10
                n += 1
            }
            return n
        }
        withUnsafeBytes(of: &digits) { raw in
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(raw[k]) }
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 2)
            out.append(UInt8(ascii: "\""))
            // Copy runs that need no escaping in one go; escape the rest byte by byte.
            var runStart = 0
            var i = JSONSpecialBytes.first(in: bytes, from: 0)
            while i < bytes.count {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                appendEscaped(bytes[i], to: &out)
                runStart = i + 1
                i = JSONSpecialBytes.first(in: bytes, from: i + 1)
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// Appends the JSON escape of one byte that cannot appear raw in a string.
    private static func appendEscaped(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
        default: out.append(b)
        }
    }
}

extension JSONObject {
    /// Compact JSON text of this object.
    public var jsonText: String { JSONValue.object(self).jsonText }

    /// Appends the compact JSON encoding of this object to `out`.
    public func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (k, v) in self {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONValue.writeString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            v.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// Finds the bytes a JSON string cannot hold raw (controls below 0x20, `"` and `\`), eight at a
/// time: strings are mostly plain text, so the scan rarely stops.
enum JSONSpecialBytes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of the eight bytes of `w` is special (exact: no false positives or negatives).
    @inline(__always) static func hasSpecial(_ w: UInt64) -> Bool {
        let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
        let control = (w &- ones &* 0x20) & ~w  // a byte below 0x20 (exact as an "any" test)
        let zeroQuote = (quote &- ones) & ~quote, zeroBackslash = (backslash &- ones) & ~backslash
        return (control | zeroQuote | zeroBackslash) & highs != 0
    }

    @inline(__always) static func isSpecial(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }

    /// The index of the first special byte at or after `start`, or `bytes.count`.
    static func first(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n && !hasSpecial(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
        }
        while i < n && !isSpecial(bytes[i]) { i += 1 }
        return i
    }
}
