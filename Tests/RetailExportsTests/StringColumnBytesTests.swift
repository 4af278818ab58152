import RetailData
import Testing
@testable import RetailExports

@Suite struct StringColumnBytesTests {
    @Test func canonicallyEquivalentValuesKeepTheirOwnBytes() throws {
        let table = try ResultTable(name: "n", columns: [ResultColumn("v", .strings(["caf\u{E9}", "cafe\u{301}"]))])
        #expect(Array(table.csvBytes(format: .aggregate)) == Array("v\ncaf\u{E9}\ncafe\u{301}\n".utf8))
    }
}
