import Testing

@testable import Rewards

@Suite("JSONObject capacity")
struct JSONObjectCapacityTests {
    @Test func reservingCapacityKeepsOrderAndContent() {
        var o = JSONObject()
        o.reserveCapacity(8)
        #expect(o.isEmpty)
        o["b"] = 1
        o["a"] = "x"
        o["b"] = 2
        #expect(o.keys == ["b", "a"])
        #expect(o["b"] == .integer(2))
        #expect(o.jsonText == #"{"b":2,"a":"x"}"#)
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        let text = "a\"b\\c\nd\te\u{01}f π ∞ plain"
        let encoded = JSONValue.string(text).jsonText
        #expect(encoded == #""a\"b\\c\nd\te\u0001f π ∞ plain""#)
        #expect(try JSONValue.parse(encoded) == .string(text))
    }
}
