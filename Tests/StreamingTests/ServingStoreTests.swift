import Foundation
import GRDB
import RetailData
import Testing
@testable import Streaming

/// The serving store keeps one row per invoice; these check what the item-level tables promised.
@Suite struct ServingStoreTests {
    /// Cleans `records` as one micro-batch whose sequences start at `firstSeq`.
    static func batch(_ records: [SaleRecord], firstSeq: Int64) throws -> (SalesTable, [Int64]) {
        let fixture = try StreamFixture()
        _ = try fixture.database.append([.init(stream: "t", records: records)])
        let range = try #require(try fixture.database.planBatch(stream: "t", maxRecords: 1000, run: "r"))
        let batch = try MicroBatch.load(fixture.database, stream: "t", range: range)
        return (batch.table, batch.seqs.map { $0 - 1 + firstSeq })
    }

    static func record(invoice: String, stock: String, customer: String?, quantity: Int) -> SaleRecord {
        SaleRecord(invoiceNo: invoice, stockCode: stock, description: "ITEM \(stock)", quantity: String(quantity),
                   invoiceDate: "12/1/2010 8:26", unitPrice: "2.50", customerID: customer, country: "France")
    }

    @Test func anItemResentWithAnotherCustomerLeavesNoRowWithTheOldOne() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        let (first, firstSeqs) = try Self.batch([Self.record(invoice: "536365", stock: "A", customer: "17850", quantity: 1),
                                                 Self.record(invoice: "536365", stock: "B", customer: "17850", quantity: 2)], firstSeq: 1)
        try database.upsert(first, seqs: firstSeqs)
        #expect(try database.customerInvoices(customerID: "17850", after: nil, limit: 10).first?.itemCount == 2)

        // Item A comes again for customer 13047 (a correction); item B stays with 17850.
        let (moved, movedSeqs) = try Self.batch([Self.record(invoice: "536365", stock: "A", customer: "13047", quantity: 3)], firstSeq: 3)
        try database.upsert(moved, seqs: movedSeqs)
        #expect(try database.item(invoiceNo: "536365", stockCode: "A")?.customerID == "13047")
        #expect(try database.customerInvoices(customerID: "17850", after: nil, limit: 10).map(\.itemCount) == [1])
        let newOwner = try database.customerInvoices(customerID: "13047", after: nil, limit: 10)
        #expect(newOwner.map(\.itemCount) == [1] && newOwner.first?.revenue == 7_500)

        // B moves too: 17850 has no row for the invoice any more.
        let (last, lastSeqs) = try Self.batch([Self.record(invoice: "536365", stock: "B", customer: nil, quantity: 2)], firstSeq: 4)
        try database.upsert(last, seqs: lastSeqs)
        #expect(try database.customerInvoices(customerID: "17850", after: nil, limit: 10).isEmpty)
        #expect(try database.customerInvoices(customerID: "Unknown", after: nil, limit: 10).map(\.itemCount) == [1])
        let totals = try database.servingTotals()
        #expect(totals.items == 2 && totals.customerRows == 2 && totals.itemRevenue == totals.customerRevenue)

        // Replaying the first batch (older sequences) changes nothing.
        try database.upsert(first, seqs: firstSeqs)
        #expect(try database.item(invoiceNo: "536365", stockCode: "A")?.quantity == 3)
        #expect(try database.customerInvoices(customerID: "17850", after: nil, limit: 10).isEmpty)
        #expect(try database.servingTotals() == totals)
    }

    @Test func aKeyTwiceInOneBatchKeepsTheLaterRecord() throws {
        let fixture = try StreamFixture()
        let (table, seqs) = try Self.batch([Self.record(invoice: "536366", stock: "A", customer: "17850", quantity: 1),
                                            Self.record(invoice: "536366", stock: "A", customer: "12583", quantity: 5)], firstSeq: 10)
        try fixture.database.upsert(table, seqs: seqs)
        let item = try #require(try fixture.database.item(invoiceNo: "536366", stockCode: "A"))
        #expect(item.quantity == 5 && item.customerID == "12583" && item.seq == 11)
        #expect(try fixture.database.customerInvoices(customerID: "17850", after: nil, limit: 10).isEmpty)
        #expect(try fixture.database.servingTotals().items == 1)
    }

    @Test func theItemViewShowsOneRowPerItemToSQLReaders() throws {
        let fixture = try StreamFixture()
        let (table, seqs) = try Self.batch([Self.record(invoice: "536367", stock: "B\"q", customer: "17850", quantity: 2),
                                            Self.record(invoice: "536367", stock: "A", customer: "17850", quantity: 1)], firstSeq: 1)
        try fixture.database.upsert(table, seqs: seqs)
        let rows = try DatabaseQueue(path: fixture.folder + "/serving-items.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT invoice_no, stock_code, quantity, unit_price, revenue, customer_id, country FROM invoice_items ORDER BY stock_code")
        }
        #expect(rows.map { $0[1] as String } == ["A", "B\"q"])
        #expect(rows.map { $0[4] as Int64 } == [2_500, 5_000])
        #expect(rows.allSatisfy { ($0[0] as String) == "536367" && ($0[3] as Int64) == 2_500 && ($0[6] as String) == "France" })
    }

    @Test func itemRowsOfTheFirstSchemaAreCarriedOver() throws {
        let folder = NSTemporaryDirectory() + "serving-v1-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let items = try DatabaseQueue(path: folder + "/serving-items.sqlite")
        try ServingSchema.items.migrate(items, upTo: "v1")
        try items.write { db in
            for (stock, revenue) in [("B", 5_000), ("A", 2_500)] {
                try db.execute(sql: "INSERT INTO invoice_items VALUES ('536368', ?, 'ITEM', 1, 7, ?, '17850', 'France', ?, 4)",
                               arguments: [stock, revenue, revenue])
            }
        }
        let customers = try DatabaseQueue(path: folder + "/serving-customers.sqlite")
        try ServingSchema.customers.migrate(customers, upTo: "v1")
        try customers.write { db in
            for (stock, revenue) in [("B", 5_000), ("A", 2_500)] {
                try db.execute(sql: "INSERT INTO customer_invoices VALUES ('17850', '536368', ?, 1, 7, ?, ?, 4)", arguments: [stock, revenue, revenue])
            }
        }
        try items.close()
        try customers.close()

        let database = try StreamDatabase(path: folder + "/streams.sqlite")
        #expect(try database.invoiceItems(invoiceNo: "536368").map(\.stockCode) == ["A", "B"])
        #expect(try database.item(invoiceNo: "536368", stockCode: "B")?.revenue == 5_000)
        let summary = try #require(try database.customerInvoices(customerID: "17850", after: nil, limit: 10).first)
        #expect(summary.itemCount == 2 && summary.revenue == 7_500 && summary.invoiceTs == 7)
        // A later record for the same key merges into the carried-over invoice.
        let (table, seqs) = try Self.batch([Self.record(invoice: "536368", stock: "B", customer: "17850", quantity: 4)], firstSeq: 5)
        try database.upsert(table, seqs: seqs)
        #expect(try database.servingTotals().items == 2)
        #expect(try database.item(invoiceNo: "536368", stockCode: "B")?.quantity == 4)
    }
}

/// The stored JSON of an invoice reads back exactly what was written.
@Suite struct ServedInvoiceTests {
    @Test func everyStringAndIntegerSurvivesTheRoundTrip() throws {
        let strings = ["plain", "quote \" and \\ backslash", "tab\tnew\nline\u{01}", "café ☕ 𝄞", ""]
        var invoice = ServedInvoice(invoiceNo: "536365")
        for (index, text) in strings.enumerated() {
            invoice.merge(ServedItem(invoiceNo: "536365", stockCode: "S\(index)\(text)", description: index == 0 ? nil : text,
                                     quantity: index == 1 ? .min : Int64(index), invoiceTs: index == 2 ? .max : -7,
                                     unitPrice: -1_000, customerID: text, country: text, revenue: index == 3 ? .max : .min, seq: Int64(index)))
        }
        var json: [UInt8] = []
        invoice.writeJSON(to: &json)
        let back = try ServedInvoice(invoiceNo: "536365", json: json)
        #expect(back.items == invoice.items)
        #expect(back.items.count == strings.count)
    }

    @Test func anUnsortedStoredArrayIsPutInOrderWithOneItemPerStockCode() throws {
        let json = #"[["B",null,1,7,100,"c","n",100,1],["A","x",2,7,100,"c","n",200,2],["B",null,5,7,100,"c","n",500,3]]"#
        let invoice = try ServedInvoice(invoiceNo: "1", json: Array(json.utf8))
        #expect(invoice.items.map(\.stockCode) == ["A", "B"])
        #expect(invoice.items.last?.quantity == 5)
    }
}
