import JupyterKernel
import Testing

@Suite("JSON values, parsing and serialisation")
struct JSONTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSON.parse(#"{"a": [1, -2.5, 1e3, true, false, null], "b": "x\"\\\n\u00e9\ud83d\ude00", "c": {}}"#)
        #expect(value["a"] == [1, .double(-2.5), .double(1000), true, false, nil])
        #expect(value["b"] == "x\"\\\né😀")
        #expect(value["c"] == .emptyObject)
    }

    @Test func serialisesWithSortedKeysAndEscapes() {
        let value: JSON = ["z": 1, "a": ["x\n\"\u{1}", .double(0.5), .double(2)], "m": nil]
        #expect(value.text == #"{"a":["x\n\"\u0001",0.5,2.0],"m":null,"z":1}"#)
    }

    @Test func roundTripsThroughText() throws {
        let value: JSON = ["code": "print(\"hé\")\n", "n": 42, "ok": true, "list": [1, "two", ["three": 3]]]
        #expect(try JSON.parse(value.serialized()) == value)
    }

    @Test func integersStayIntegers() throws {
        #expect(try JSON.parse("7") == .int(7))
        #expect(try JSON.parse("7.0").intValue == 7)
        #expect(try JSON.parse("7.5").intValue == nil)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"\u{1}\"", "{} x", "\"\\ud800\""])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: JSONParseError.self) { try JSON.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func rejectsNestingTooDeepInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSON.array([.double(.nan), .double(.infinity)]).text == "[null,null]")
    }
}
