import Testing

@testable import Rewards

@Suite struct JSONValueTests {
    @Test func roundTripsNestedValues() throws {
        let text = #"{"id":7,"gold":"\\frac{1}{2}","xs":[1,2.5,true,null,"a\nb"],"o":{"k":-3}}"#
        let value = try JSONValue.parse(text)
        #expect(value.jsonText == text)
    }

    @Test func keepsKeyOrder() throws {
        let o = try JSONValue.parseObject(#"{"z":1,"a":2,"m":3}"#)
        #expect(o.keys == ["z", "a", "m"])
    }

    @Test func decodesEscapesAndSurrogates() throws {
        let v = try JSONValue.parse(#""\u03c0 \ud83d\ude00 \"q\" \/""#)
        #expect(v.stringValue == "π 😀 \"q\" /")
    }

    @Test(arguments: ["", "{", "[1,]", #"{"a" 1}"#, "tru", "01x", #""abc"#, "{} x", "-", "1e999"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func escapesControlCharactersOnOutput() {
        let v = JSONValue.string("a\u{01}b\"\\")
        #expect(v.jsonText == #""a\u0001b\"\\""#)
    }
}
