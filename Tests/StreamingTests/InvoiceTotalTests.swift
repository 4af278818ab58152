import RetailData
import Testing
@testable import Streaming

/// Issue 9: a customer's invoice totals are exact whatever the items' size: never wrapped, never a
/// trap, never an SQLite overflow error.
@Suite struct InvoiceTotalTests {
    /// One invoice of customer 12345 with one item per revenue, in thousandths.
    static func table(_ revenues: [Int64]) -> SalesTable {
        var table = SalesTable()
        let count = revenues.count
        table.invoiceNo = StringColumn(dictionary: ["700000"], codes: Array(repeating: 0, count: count))
        table.stockCode = StringColumn(dictionary: (0..<count).map { "S\($0)" }, codes: (0..<count).map(Int32.init))
        table.description = StringColumn(dictionary: [], codes: Array(repeating: -1, count: count))
        table.quantity = Array(repeating: 1, count: count)
        table.invoiceTs = Array(repeating: 1_291_191_960_000_000, count: count)
        table.unitPrice = revenues
        table.customerId = StringColumn(dictionary: ["12345"], codes: Array(repeating: 0, count: count))
        table.country = StringColumn(dictionary: ["United Kingdom"], codes: Array(repeating: 0, count: count))
        table.revenue = revenues
        return table
    }

    @Test(arguments: [
        // Twelve items at the largest revenue: the total needs more than 64 bits.
        (Array(repeating: Money.max.thousandths, count: 12), "11999999999999999.988"),
        // Ten items just past Int64.max thousandths together: a wrapping sum would turn negative.
        (Array(repeating: 922_337_203_685_477_581, count: 10), "9223372036854775.810"),
        // Signs and remainders are kept exactly.
        ([-1_500_000_000_123, 2_000_000_000_999, 7], "500000000.883"),
    ] as [([Int64], String)])
    func customerInvoiceTotalsAreExact(revenues: [Int64], total: String) throws {
        let fixture = try StreamFixture()
        _ = try fixture.database.upsert(Self.table(revenues), seqs: revenues.indices.map { Int64($0 + 1) })
        let invoices = try fixture.database.customerInvoices(customerID: "12345", after: nil, limit: 10)
        #expect(invoices.count == 1)
        #expect(invoices.first?.itemCount == revenues.count)
        #expect(invoices.first?.revenue == revenues.reduce(Int128(0)) { $0 + Int128($1) })
        #expect(invoices.first?.totalText == total)
    }
}
