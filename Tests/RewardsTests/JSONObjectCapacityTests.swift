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
}
