import Foundation
import GRDB
import RetailData

/// The serving store, in place of the two DynamoDB tables: `invoices` (one row per invoice, its
/// items by stock code as JSON; the `invoice_items` view shows one row per (invoice_no,
/// stock_code)) and `customer_invoices` keyed by (customer_id, invoice_no), each in its own file.
extension StreamDatabase {
    /// Upserts the rows of a cleaned micro-batch. `seqs[i]` is the stream sequence of row `i`; an
    /// item never replaces one written from a later sequence, so replaying a batch is harmless.
    ///
    /// In one transaction of the items file, the batch's invoices are read, merged (`InvoiceMerge`,
    /// on two threads for a large batch) and written back;
    /// from the merged invoices, the customers file's rows of those invoices are rewritten (an item
    /// that moved to another customer leaves no row behind) and committed first, on a thread of its
    /// own, then the items commit. A crash between the two commits replays into the same result.
    /// Both commits are on disk when this returns. Returns the number of rows upserted.
    @discardableResult
    public func upsert(_ table: SalesTable, seqs: [Int64]) throws -> Int {
        precondition(seqs.count == table.count, "one sequence number per row")
        // The batch's invoices in order of first appearance, with their rows.
        var invoices: [String] = []
        var rows: [[Int]] = []
        var slotOfCode = [Int](repeating: -1, count: table.invoiceNo.dictionary.count + 1)
        for row in 0..<table.count {
            let code = Int(table.invoiceNo.codes[row])
            let key = code < 0 ? 0 : code + 1
            if slotOfCode[key] < 0 {
                slotOfCode[key] = invoices.count
                invoices.append(code < 0 ? "" : table.invoiceNo.dictionary[code])
                rows.append([])
            }
            rows[slotOfCode[key]].append(row)
        }
        try Self.storage {
            try items.write { db in
                let select = RawStatement(try db.cachedStatement(sql: "SELECT items FROM invoices WHERE invoice_no = ?"))
                let write = RawStatement(try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO invoices (invoice_no, item_count, revenue_billions, revenue_rest, items) VALUES (?, ?, ?, ?, ?)
                    """))
                var stored: [[UInt8]?] = []
                stored.reserveCapacity(invoices.count)
                for invoiceNo in invoices {
                    select.bind(1, invoiceNo)
                    var items: [UInt8]?
                    try select.forEachRow { items = Array($0.bytes(0)) }
                    stored.append(items)
                }
                // Merged chunk by chunk on two threads; this thread writes each chunk's invoices as
                // soon as it is merged, and merges chunks itself while the next one is not ready.
                let (pipeline, helper) = InvoiceMerge.start(table, seqs: seqs, invoices: invoices, rows: rows, stored: stored)
                let customersDone = BackgroundResult {
                    do { try self.writeCustomers(pipeline) } catch {
                        pipeline.stop()
                        throw error
                    }
                }
                let written = Result { () throws -> Void in
                    for chunk in 0..<pipeline.count {
                        for invoice in try pipeline.take(chunk, helping: true) {
                            write.bind(1, invoice.invoiceNo)
                            write.bind(2, Int64(invoice.total.itemCount))
                            write.bind(3, invoice.total.revenueBillions)
                            write.bind(4, invoice.total.revenueRest)
                            write.bindText(5, invoice.json)
                            try write.run()
                        }
                    }
                }
                // The customers commit first (waited for even when the items failed, so that no
                // thread outlives the call): the items commit is what makes the batch's merge final.
                if case .failure = written { pipeline.stop() }
                let customersWritten = Result { try customersDone.wait() }
                try helper?.wait()
                // The customers' own failure, else the items' (the customers then saw only the stop).
                if case .failure(let error) = customersWritten, !(error is ChunkPipeline<[InvoiceMerge.Merged]>.Stopped) { throw error }
                try written.get()
                try customersWritten.get()
            }
        }
        return table.count
    }

    /// Rewrites the customers' rows of the changed invoices in one transaction of their file, chunk
    /// by chunk as the merge makes them.
    func writeCustomers(_ pipeline: ChunkPipeline<[InvoiceMerge.Merged]>) throws {
        try customers.write { db in
            let upsert = RawStatement(try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO customer_invoices (customer_id, invoice_no, invoice_ts, item_count, revenue_billions, revenue_rest, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """))
            let delete = RawStatement(try db.cachedStatement(sql: "DELETE FROM customer_invoices WHERE customer_id = ? AND invoice_no = ?"))
            for chunk in 0..<pipeline.count {
                for change in try pipeline.take(chunk, helping: false) {
                    for customer in change.before where !change.after.contains(where: { $0.customer == customer }) {
                        delete.bind(1, customer)
                        delete.bind(2, change.invoiceNo)
                        try delete.run()
                    }
                    for (customer, part) in change.after {
                        upsert.bind(1, customer)
                        upsert.bind(2, change.invoiceNo)
                        upsert.bind(3, part.firstTs)
                        upsert.bind(4, Int64(part.itemCount))
                        upsert.bind(5, part.revenueBillions)
                        upsert.bind(6, part.revenueRest)
                        upsert.bind(7, part.seq)
                        try upsert.run()
                    }
                }
            }
        }
    }

    /// The stored invoice, when there is one.
    func invoice(_ invoiceNo: String) throws -> ServedInvoice? {
        try Self.storage {
            let json = try items.read { db in
                try String.fetchOne(db.cachedStatement(sql: "SELECT items FROM invoices WHERE invoice_no = ?"), arguments: [invoiceNo])
            }
            return try json.map { try ServedInvoice(invoiceNo: invoiceNo, json: Array($0.utf8)) }
        }
    }

    /// One item by its key.
    public func item(invoiceNo: String, stockCode: String) throws -> ServedItem? {
        try invoice(invoiceNo)?.items.first { $0.stockCode == stockCode }
    }

    /// The items of an invoice, by stock code.
    public func invoiceItems(invoiceNo: String) throws -> [ServedItem] {
        try invoice(invoiceNo)?.items ?? []
    }

    /// Up to `limit` invoices of a customer with invoice numbers after `after`, in invoice order.
    /// Totals are exact at any size (see `CustomerInvoice`).
    public func customerInvoices(customerID: String, after: String?, limit: Int) throws -> [InvoiceSummary] {
        try Self.storage {
            try customers.read { db in
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT invoice_no, invoice_ts, item_count, revenue_billions, revenue_rest
                    FROM customer_invoices WHERE customer_id = ? AND invoice_no > ? ORDER BY invoice_no LIMIT ?
                    """), arguments: [customerID, after ?? "", limit]).map {
                    let billions: Int64 = $0[3]
                    let rest: Int64 = $0[4]
                    return InvoiceSummary(invoiceNo: $0[0], invoiceTs: $0[1], itemCount: $0[2],
                                          revenue: Int128(billions) * 1_000_000_000 + Int128(rest))
                }
            }
        }
    }

    /// Item counts and revenue totals of the serving tables (for checks and tests).
    public func servingTotals() throws -> (items: Int, itemRevenue: Int128, customerRows: Int, customerRevenue: Int128) {
        try Self.storage {
            let sql = "SELECT coalesce(sum(item_count), 0), coalesce(sum(revenue_billions), 0), coalesce(sum(revenue_rest), 0) FROM"
            let item = try items.read { try Row.fetchOne($0, sql: "\(sql) invoices")! }
            let customer = try customers.read { try Row.fetchOne($0, sql: "\(sql) customer_invoices")! }
            func revenue(_ row: Row) -> Int128 { Int128(row[1] as Int64) * 1_000_000_000 + Int128(row[2] as Int64) }
            return (item[0], revenue(item), customer[0], revenue(customer))
        }
    }
}
