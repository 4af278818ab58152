import Testing
@testable import RetailExports

@Suite struct JSONValueTests {
    @Test func writesOrderedIndentedJSON() {
        let value = JSONValue.object([
            ("b", .array([.integer(1), .bool(true)])), ("a", .string("x\"\\\n\u{1}é")), ("e", .object([])), ("f", .array([])),
        ])
        #expect(value.text == """
            {
              "b": [
                1,
                true
              ],
              "a": "x\\"\\\\\\n\\u0001é",
              "e": {},
              "f": []
            }

            """)
    }
}
