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
    /// The kind and message of the error `text` gives; fails the test when it parses.
    func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
        do {
            let value = try parse(text)
            Issue.record("parsed \(value.text.prefix(80))", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    @Test func nestingIsLimitedTo32LevelsWithoutExhaustingTheStack() throws {
        let deepest = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(try parse(deepest).text == deepest)
        let objects = String(repeating: #"{"a":"#, count: 32) + "1" + String(repeating: "}", count: 32)
        #expect(try parse(objects).text == objects)
        let tooDeep = try #require(failure(String(repeating: "[", count: 33) + String(repeating: "]", count: 33)))
        #expect(tooDeep.kind == .limit && tooDeep.offset == 32, "\(tooDeep)")
        #expect(tooDeep.description == "JSON over a limit at line 1, column 33 (byte 32): objects and arrays nest deeper than 32 levels; the limit is 32")
        // A million open brackets (truncated or not) is refused at the 33rd, not by a stack overflow.
        for text in [String(repeating: "[", count: 1_000_000), String(repeating: #"{"a":["#, count: 200_000)] {
            #expect(failure(text)?.kind == .limit)
        }
    }

    @Test func stringsKeysAndNumbersAreLimitedTo64KiB() throws {
        let longest = String(repeating: "a", count: 65_536)
        #expect(try parse("\"\(longest)\"") == .string(longest))
        #expect(try parse(#"["\#(longest)", 1]"#) == .array([.string(longest), .number("1")]))
        for text in ["[\"\(longest)b\"]", "{\"\(longest)b\": 1}", "[\"\\n\(longest)\"]", "[1\(String(repeating: "0", count: 65_536))]"] {
            let error = try #require(failure(text))
            #expect(error.kind == .limit && error.offset == 1, "\(error)")
            #expect(error.message.hasSuffix("bytes; the limit is 65536 bytes"), "\(error)")
        }
        #expect(failure("[\"\(longest)b\"]")?.message == "a string of 65537 bytes; the limit is 65536 bytes")
    }

    @Test(arguments: [
        ("-", "a number needs digits"), ("1.", "expected digits after the decimal point"), ("1e", "expected digits in the exponent"),
        ("1e+", "expected digits in the exponent"), ("-01", "cannot start with 0"), (".5", "expected a value"), ("+1", "expected a value"),
        ("\"\\u12\"", "four hex digits"), ("\"\\u12", "four hex digits"), ("\"\\uZZZZ\"", "four hex digits"), ("\"\\", "unterminated"),
        ("\"\\x\"", "unknown escape"), ("\"\\ud83d\"", "high surrogate"), ("\"\\ud83d\\u0041\"", "high surrogate"),
        ("\"\\ud83d\\", "high surrogate"), ("\"\\ude00\"", "not a Unicode scalar"), ("\"\u{1}\"", "control character"),
        ("tru", "expected 'true'"), ("nul", "expected 'null'"), ("", "unexpected end of input"), ("{", "unexpected end of input"),
        ("{\"a\"", "expected ':'"), ("[1 2]", "expected ',' or ']'"), ("{\"a\":1 \"b\":2}", "expected ',' or '}'"),
    ])
    func malformedInputIsAnErrorNeverATrap(text: String, fragment: String) throws {
        let error = try #require(failure(text))
        #expect(error.kind == .syntax && error.message.contains(fragment), "\(error)")
    }

    @Test func bytesThatAreNotUTF8AreAnError() throws {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22]] {
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        }
    }

    /// Every prefix of a document, and seeded random byte soup, give a value or an error.
    @Test func truncatedAndRandomInputNeverTraps() {
        let document = Array(#"[{"a": -1.5e+3, "b": "x\u00e9\ud83d\ude00\n", "c": [true, false, null, {}], "d": ""}]"#.utf8)
        for end in 0..<document.count { _ = try? JSONParser.parse(document, start: 0, end: end) }
        var generator = SeededGenerator(seed: 9)
        let alphabet = Array(#"{}[]":,.-+eE0123456789\u tfnrl"#.utf8) + [0x00, 0x0A, 0xC3, 0xFF, 0xED]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? JSONParser.parse(bytes)
        }
    }
}
