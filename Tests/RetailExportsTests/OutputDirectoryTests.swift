import RetailData
import Testing
@testable import RetailExports

@Suite struct OutputDirectoryTests {
    @Test(arguments: ["", ".", "..", "a/b"])
    func rejectsNamesThatAreNotPlain(name: String) throws {
        let directory = try TemporaryDirectory()
        #expect(throws: ExportError.self) { try directory.output.write([1], to: name) }
    }

    @Test func reportsTheFailingPath() throws {
        let directory = try TemporaryDirectory()
        try directory.output.write([1], to: "file")
        let blocked = try directory.output.subdirectory("file")
        do {
            try blocked.write([1], to: "inner")
            Issue.record("writing under a file succeeded")
        } catch {
            #expect(error.errorDescription?.contains("/file") == true)
        }
    }

    @Test func canonicallyEquivalentStringsAreDistinctEntries() throws {
        var table = SalesFixture([
            line("1", "A", "caf\u{E9}", 1, "2011-01-01 10:00", "1"),
            line("2", "A", "cafe\u{301}", 1, "2011-01-01 10:00", "1"),
        ]).table
        // The fixture's firstIndex(of:) uses String equality, so give the second row its own entry.
        table.description.dictionary = ["caf\u{E9}", "cafe\u{301}"]
        table.description.codes = [0, 1]
        let sales = try PreparedSales(table)
        // One each: the tie goes to the smaller UTF-8 bytes, "e" + U+0301 (0x65) before U+00E9 (0xC3).
        let bytes = try TopProducts.table(sales).texts("description").map { $0.map { Array($0.utf8) } }
        #expect(bytes == [Array("cafe\u{301}".utf8)])
    }
}
