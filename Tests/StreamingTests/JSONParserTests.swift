import Testing
@testable import Streaming

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func keepsNumberTextAndStructure() throws {
        let value = try parse(#" {"a": 2.55, "b": [1, -0.5e3, true, null], "c": "x\"y\u00e9\ud83d\ude00"} "#)
        #expect(value["a"] == .number("2.55"))
        #expect(value["b"] == .array([.number("1"), .number("-0.5e3"), .bool(true), .null]))
        #expect(value["c"] == .string("x\"yé😀"))
        #expect(try parse(value.text) == value)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a quoted key"),
        ("{\"a\": 1}\n{", 2, 1, "after the value"),
        ("[1, 2", 1, 6, "unexpected end of input"),
        ("{\"a\": 01}", 1, 7, "cannot start with 0"),
        ("\"abc", 1, 1, "unterminated string"),
        ("{\"a\":\n tru}", 2, 2, "expected 'true'"),
    ])
    func reportsLineAndColumn(text: String, line: Int, column: Int, fragment: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
            return true
        }
    }

    @Test func threeDecimals() {
        #expect(DecimalText.threeDecimals(1.5) == "1.500")
        #expect(DecimalText.threeDecimals(0.0004) == "0.000")
        #expect(DecimalText.threeDecimals(12.3456) == "12.346")
        #expect(DecimalText.threeDecimals(-0.25) == "-0.250")
    }

    @Test func writesEscapes() {
        #expect(JSONValue.string("a\"\\\n\u{1}").text == #""a\"\\\n\u0001""#)
        #expect(JSONValue.object([("k", .null), ("n", .int(-3))]).text == #"{"k":null,"n":-3}"#)
    }
}
