import Foundation
import Testing
@testable import RetailData

@Suite("SalesTable binary files")
struct SalesTableBinaryTests {
    static func sample() -> SalesTable {
        var table = SalesTable()
        table.invoiceNo = StringColumn(dictionary: ["536365", "536366"], codes: [0, 0, 1])
        table.stockCode = StringColumn(dictionary: ["85123A", "71053", "gift_0001_10"], codes: [0, 1, 2])
        table.description = StringColumn(dictionary: ["CAFÉ £5 \"MUG\", BIG", ""], codes: [0, -1, 1])
        table.quantity = [6, -1, 80_995]
        table.invoiceTs = [1_291_191_960_000_000, -60_000_000, 0]
        table.unitPrice = [2_550, 11_062_060, 1]
        table.customerId = StringColumn(dictionary: ["17850", SalesTable.unknownCustomer], codes: [0, 1, 1])
        table.country = StringColumn(dictionary: ["United Kingdom"], codes: [0, 0, 0])
        table.revenue = [15_300, -11_062_060, 80_995]
        return table
    }

    @Test("tables round-trip exactly", arguments: [0, 1])
    func roundTrip(kind: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let table = kind == 0 ? SalesTableBinaryTests.sample() : SalesTable()
        let url = directory.file("table.bin")
        try table.write(to: url)
        let back = try SalesTable(contentsOf: url)
        #expect(back == table)
        if kind == 0 {
            #expect(back.description[0] == "CAFÉ £5 \"MUG\", BIG")
            #expect(back.description[1] == nil)
        }
    }

    @Test("a cleaned table round-trips exactly")
    func cleanedRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let generated = directory.file("retail.csv")
        try OnlineRetailGenerator(rows: 3_000, seed: 7).write(to: generated)
        let result = try SalesCleaningJob(input: generated).run()
        let url = directory.file("table.bin")
        try result.table.write(to: url)
        #expect(try SalesTable(contentsOf: url) == result.table)
    }

    @Test("damaged files are rejected with a message naming the file")
    func corruption() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("table.bin")
        try SalesTableBinaryTests.sample().write(to: url)
        let bytes = try [UInt8](Data(contentsOf: url))

        func expectCorrupt(_ damaged: [UInt8], _ fragment: String) throws {
            let target = try directory.write("damaged.bin", bytes: damaged)
            do {
                _ = try SalesTable(contentsOf: target)
                Issue.record("expected corruption error for \(fragment)")
            } catch let error as SalesTableFileError {
                #expect(error.localizedDescription.contains(target.path))
                #expect(error.localizedDescription.contains(fragment))
            }
        }
        try expectCorrupt(Array(bytes.prefix(bytes.count - 3)), "truncated")
        try expectCorrupt(Array(bytes.prefix(40)), "truncated")
        try expectCorrupt([UInt8](repeating: 0, count: 8) + bytes.dropFirst(8), "bad magic")
        try expectCorrupt(bytes + [0], "end marker")
        // The first invoice code (right after the invoice dictionary) set to 7, beyond the dictionary.
        var badCode = bytes
        let invoiceCodes = 8 + 8 + 8 + 8 + 2 * 4 + 12
        badCode[invoiceCodes] = 7
        try expectCorrupt(badCode, "invoice_no code 7")
        #expect(throws: FileIOError.self) { try SalesTable(contentsOf: directory.file("missing.bin")) }
        var uneven = SalesTableBinaryTests.sample()
        uneven.revenue.removeLast()
        #expect(throws: SalesTableFileError.self) { try uneven.write(to: directory.file("uneven.bin")) }
    }
}
