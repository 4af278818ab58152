import Foundation
import GRDB
import RetailData
import Synchronization

/// The serving tables, in place of the two DynamoDB tables: `invoice_items` keyed by
/// (invoice_no, stock_code) and `customer_invoices` keyed by (customer_id, invoice_no, stock_code),
/// each in its own file.
extension StreamDatabase {
    /// Upserts the rows of a cleaned micro-batch into both tables, each in one transaction, the two
    /// at once on their own files. `seqs[i]` is the stream sequence of row `i`. A row never replaces
    /// one written from a later sequence, so replaying a batch is harmless. Both commits are on disk
    /// when this returns. Returns the number of rows written.
    @discardableResult
    public func upsert(_ table: SalesTable, seqs: [Int64]) throws -> Int {
        precondition(seqs.count == table.count, "one sequence number per row")
        // The customers table on a thread of its own (not the shared dispatch pool, which two
        // blocked workers exhaust on 2 cores), the items table on this one.
        let customersFailure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do { try self.upsertCustomers(table, seqs: seqs) } catch { customersFailure.withLock { $0 = error } }
            done.signal()
        }
        thread.start()
        let itemsResult = Result { try upsertItems(table, seqs: seqs) }
        done.wait()
        try itemsResult.get()
        if let error = customersFailure.withLock({ $0 }) { throw error }
        return table.count
    }

    func upsertItems(_ table: SalesTable, seqs: [Int64]) throws {
        try Self.storage {
            try items.write { db in
                let statement = RawStatement(try db.cachedStatement(sql: """
                    INSERT INTO invoice_items (invoice_no, stock_code, description, quantity, invoice_ts, unit_price,
                                               customer_id, country, revenue, seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (invoice_no, stock_code) DO UPDATE SET
                        description = excluded.description, quantity = excluded.quantity, invoice_ts = excluded.invoice_ts,
                        unit_price = excluded.unit_price, customer_id = excluded.customer_id, country = excluded.country,
                        revenue = excluded.revenue, seq = excluded.seq
                    WHERE excluded.seq >= invoice_items.seq
                    """))
                for row in 0..<table.count {
                    statement.bind(1, table.invoiceNo[row] ?? "")
                    statement.bind(2, table.stockCode[row] ?? "")
                    statement.bind(3, table.description[row])
                    statement.bind(4, table.quantity[row])
                    statement.bind(5, table.invoiceTs[row])
                    statement.bind(6, table.unitPrice[row])
                    statement.bind(7, table.customerId[row] ?? SalesTable.unknownCustomer)
                    statement.bind(8, table.country[row] ?? "")
                    statement.bind(9, table.revenue[row])
                    statement.bind(10, seqs[row])
                    try statement.run()
                }
            }
        }
    }

    func upsertCustomers(_ table: SalesTable, seqs: [Int64]) throws {
        try Self.storage {
            try customers.write { db in
                let statement = RawStatement(try db.cachedStatement(sql: """
                    INSERT INTO customer_invoices (customer_id, invoice_no, stock_code, quantity, invoice_ts, unit_price, revenue, seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (customer_id, invoice_no, stock_code) DO UPDATE SET
                        quantity = excluded.quantity, invoice_ts = excluded.invoice_ts, unit_price = excluded.unit_price,
                        revenue = excluded.revenue, seq = excluded.seq
                    WHERE excluded.seq >= customer_invoices.seq
                    """))
                for row in 0..<table.count {
                    statement.bind(1, table.customerId[row] ?? SalesTable.unknownCustomer)
                    statement.bind(2, table.invoiceNo[row] ?? "")
                    statement.bind(3, table.stockCode[row] ?? "")
                    statement.bind(4, table.quantity[row])
                    statement.bind(5, table.invoiceTs[row])
                    statement.bind(6, table.unitPrice[row])
                    statement.bind(7, table.revenue[row])
                    statement.bind(8, seqs[row])
                    try statement.run()
                }
            }
        }
    }

    /// One item by its key.
    public func item(invoiceNo: String, stockCode: String) throws -> ServedItem? {
        try Self.storage {
            try items.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "\(ServedItem.select) WHERE invoice_no = ? AND stock_code = ?"),
                                 arguments: [invoiceNo, stockCode]).map(ServedItem.init(row:))
            }
        }
    }

    /// The items of an invoice, by stock code.
    public func invoiceItems(invoiceNo: String) throws -> [ServedItem] {
        try Self.storage {
            try items.read { db in
                try Row.fetchAll(db.cachedStatement(sql: "\(ServedItem.select) WHERE invoice_no = ? ORDER BY stock_code"),
                                 arguments: [invoiceNo]).map(ServedItem.init(row:))
            }
        }
    }

    /// Up to `limit` invoices of a customer with invoice numbers after `after`, in invoice order.
    ///
    /// Totals are exact at any size: SQLite sums the billions and the remainders of each revenue
    /// apart (neither sum can overflow 64 bits), and they are joined in 128 bits.
    public func customerInvoices(customerID: String, after: String?, limit: Int) throws -> [InvoiceSummary] {
        try Self.storage {
            try customers.read { db in
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT invoice_no, min(invoice_ts), count(*), sum(revenue / 1000000000), sum(revenue % 1000000000)
                    FROM customer_invoices
                    WHERE customer_id = ? AND invoice_no > ? GROUP BY invoice_no ORDER BY invoice_no LIMIT ?
                    """), arguments: [customerID, after ?? "", limit]).map {
                    let billions: Int64 = $0[3]
                    let remainders: Int64 = $0[4]
                    return InvoiceSummary(invoiceNo: $0[0], invoiceTs: $0[1], itemCount: $0[2],
                                          revenue: Int128(billions) * 1_000_000_000 + Int128(remainders))
                }
            }
        }
    }

    /// Row counts and revenue totals of the serving tables (for checks and tests).
    public func servingTotals() throws -> (items: Int, itemRevenue: Int64, customerRows: Int, customerRevenue: Int64) {
        try Self.storage {
            let itemTotals = try items.read { try Row.fetchOne($0, sql: "SELECT count(*), coalesce(sum(revenue), 0) FROM invoice_items")! }
            let customerTotals = try customers.read {
                try Row.fetchOne($0, sql: "SELECT count(*), coalesce(sum(revenue), 0) FROM customer_invoices")!
            }
            return (itemTotals[0], itemTotals[1], customerTotals[0], customerTotals[1])
        }
    }
}
