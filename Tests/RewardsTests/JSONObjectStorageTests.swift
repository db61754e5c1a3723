import Testing

@testable import Rewards

@Suite("JSONObject storage")
struct JSONObjectStorageTests {
    /// Past the linear-search size the object keeps an index; order, replacement and removal
    /// behave the same on both sides of that size.
    @Test(arguments: [3, 32, 33, 80])
    func largeAndSmallObjectsBehaveAlike(size: Int) {
        var o = JSONObject()
        for i in 0..<size { o["k\(i)"] = .integer(Int64(i)) }
        #expect(o.count == size)
        #expect(o.keys == (0..<size).map { "k\($0)" })
        o["k1"] = "replaced"
        #expect(o.keys[1] == "k1")
        #expect(o["k1"] == .string("replaced"))
        o["k0"] = nil
        #expect(o.count == size - 1)
        #expect(o["k0"] == nil)
        #expect(o.keys.first == "k1")
        #expect(o["k\(size - 1)"] == .integer(Int64(size - 1)))
        o["new"] = true
        #expect(o.keys.last == "new")
        #expect(o["new"] == .bool(true))
        #expect(o["k2"] == (size > 2 ? .integer(2) : nil))
    }

    /// Fields added with `append(newKey:)` read back exactly like fields set by subscript, on both
    /// sides of the indexed size.
    @Test(arguments: [3, 33, 80])
    func appendedFieldsMatchSubscriptedOnes(size: Int) {
        var appended = JSONObject(), subscripted = JSONObject()
        for i in 0..<size {
            appended.append(newKey: "k\(i)", .integer(Int64(i)))
            subscripted["k\(i)"] = .integer(Int64(i))
        }
        #expect(appended == subscripted)
        #expect(appended.keys == subscripted.keys)
        #expect(appended["k\(size - 1)"] == .integer(Int64(size - 1)))
        appended["k0"] = "replaced"
        #expect(appended.count == size)
        #expect(appended["k0"] == .string("replaced"))
    }

    @Test func equalityIgnoresOrder() {
        let a: JSONObject = ["x": 1, "y": "two"]
        let b: JSONObject = ["y": "two", "x": 1]
        let c: JSONObject = ["x": 1, "y": "three"]
        #expect(a == b)
        #expect(a != c)
        #expect(a != ["x": 1])
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let o = try JSONValue.parseObject(#"{"a":1,"b":2,"a":3}"#)
        #expect(o.keys == ["a", "b"])
        #expect(o["a"] == .integer(3))
        #expect(o.jsonText == #"{"a":3,"b":2}"#)
    }

    @Test func integersSerializeExactly() {
        for i: Int64 in [0, 7, -7, 10, 12345, -9_000_000_000, Int64.max, Int64.min] {
            #expect(JSONValue.integer(i).jsonText == String(i))
        }
    }
}

@Suite("JSON special-byte scan")
struct JSONSpecialBytesTests {
    /// The eight-at-a-time scan finds exactly the first byte the byte-by-byte rule finds.
    @Test func wordScanMatchesByteScan() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        for _ in 0..<3000 {
            let n = Int.random(in: 0...40, using: &rng)
            var bytes = (0..<n).map { _ in UInt8.random(in: 0x23...0x5B, using: &rng) }
            for _ in 0..<Int.random(in: 0...3, using: &rng) where n > 0 {
                bytes[Int.random(in: 0..<n, using: &rng)] = alphabet.randomElement(using: &rng)!
            }
            let start = Int.random(in: 0...n, using: &rng)
            let expected = (start..<n).first { JSONSpecialBytes.isSpecial(bytes[$0]) } ?? n
            bytes.withUnsafeBufferPointer { #expect(JSONSpecialBytes.first(in: $0, from: start) == expected) }
        }
    }

    @Test func longStringsRoundTrip() throws {
        let text = String(repeating: "plain text π ∞ ", count: 9) + "\"quoted\"\\" + String(repeating: "x", count: 17) + "\n\u{1F}end"
        let encoded = JSONValue.string(text).jsonText
        #expect(try JSONValue.parse(encoded) == .string(text))
        #expect(encoded.hasSuffix(#"\n\u001fend""#))
    }
}
