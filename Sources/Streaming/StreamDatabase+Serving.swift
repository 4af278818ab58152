import GRDB
import RetailData

/// The serving tables, in place of the two DynamoDB tables: `invoice_items` keyed by
/// (invoice_no, stock_code) and `customer_invoices` keyed by (customer_id, invoice_no, stock_code).
extension StreamDatabase {
    /// Upserts the rows of a cleaned micro-batch into both tables in one transaction. `seqs[i]` is
    /// the stream sequence of row `i`. A row never replaces one written from a later sequence, so
    /// replaying a batch is harmless. Returns the number of rows written.
    ///
    /// The transaction commits without its own fsync (`synchronous=NORMAL`): the micro-batch's
    /// checkpoint commit comes later on the same write-ahead log with `synchronous=FULL`, and its
    /// fsync makes these pages durable too. Lost by a power cut before that, they are redone with
    /// the batch, since the checkpoint did not move.
    @discardableResult
    public func upsert(_ table: SalesTable, seqs: [Int64]) throws -> Int {
        precondition(seqs.count == table.count, "one sequence number per row")
        return try writeDeferringSync { db in
            let items = try db.cachedStatement(sql: """
                INSERT INTO invoice_items (invoice_no, stock_code, description, quantity, invoice_ts, unit_price,
                                           customer_id, country, revenue, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (invoice_no, stock_code) DO UPDATE SET
                    description = excluded.description, quantity = excluded.quantity, invoice_ts = excluded.invoice_ts,
                    unit_price = excluded.unit_price, customer_id = excluded.customer_id, country = excluded.country,
                    revenue = excluded.revenue, seq = excluded.seq
                WHERE excluded.seq >= invoice_items.seq
                """)
            let customers = try db.cachedStatement(sql: """
                INSERT INTO customer_invoices (customer_id, invoice_no, stock_code, quantity, invoice_ts, unit_price, revenue, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_id, invoice_no, stock_code) DO UPDATE SET
                    quantity = excluded.quantity, invoice_ts = excluded.invoice_ts, unit_price = excluded.unit_price,
                    revenue = excluded.revenue, seq = excluded.seq
                WHERE excluded.seq >= customer_invoices.seq
                """)
            let itemRows = RawStatement(items), customerRows = RawStatement(customers)
            for row in 0..<table.count {
                itemRows.bind(1, table.invoiceNo[row] ?? "")
                itemRows.bind(2, table.stockCode[row] ?? "")
                itemRows.bind(3, table.description[row])
                itemRows.bind(4, table.quantity[row])
                itemRows.bind(5, table.invoiceTs[row])
                itemRows.bind(6, table.unitPrice[row])
                itemRows.bind(7, table.customerId[row] ?? SalesTable.unknownCustomer)
                itemRows.bind(8, table.country[row] ?? "")
                itemRows.bind(9, table.revenue[row])
                itemRows.bind(10, seqs[row])
                try itemRows.run()
            }
            for row in 0..<table.count {
                customerRows.bind(1, table.customerId[row] ?? SalesTable.unknownCustomer)
                customerRows.bind(2, table.invoiceNo[row] ?? "")
                customerRows.bind(3, table.stockCode[row] ?? "")
                customerRows.bind(4, table.quantity[row])
                customerRows.bind(5, table.invoiceTs[row])
                customerRows.bind(6, table.unitPrice[row])
                customerRows.bind(7, table.revenue[row])
                customerRows.bind(8, seqs[row])
                try customerRows.run()
            }
            return table.count
        }
    }

    /// One item by its key.
    public func item(invoiceNo: String, stockCode: String) throws -> ServedItem? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "\(ServedItem.select) WHERE invoice_no = ? AND stock_code = ?"),
                             arguments: [invoiceNo, stockCode]).map(ServedItem.init(row:))
        }
    }

    /// The items of an invoice, by stock code.
    public func invoiceItems(invoiceNo: String) throws -> [ServedItem] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "\(ServedItem.select) WHERE invoice_no = ? ORDER BY stock_code"),
                             arguments: [invoiceNo]).map(ServedItem.init(row:))
        }
    }

    /// Up to `limit` invoices of a customer with invoice numbers after `after`, in invoice order.
    public func customerInvoices(customerID: String, after: String?, limit: Int) throws -> [InvoiceSummary] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT invoice_no, min(invoice_ts), count(*), sum(revenue) FROM customer_invoices
                WHERE customer_id = ? AND invoice_no > ? GROUP BY invoice_no ORDER BY invoice_no LIMIT ?
                """), arguments: [customerID, after ?? "", limit]).map {
                InvoiceSummary(invoiceNo: $0[0], invoiceTs: $0[1], itemCount: $0[2], revenue: $0[3])
            }
        }
    }

    /// Row counts and revenue totals of the serving tables (for checks and tests).
    public func servingTotals() throws -> (items: Int, itemRevenue: Int64, customerRows: Int, customerRevenue: Int64) {
        try read { db in
            let items = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(revenue), 0) FROM invoice_items")!
            let customers = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(revenue), 0) FROM customer_invoices")!
            return (items[0], items[1], customers[0], customers[1])
        }
    }
}

/// A row of `invoice_items`. Money in thousandths, the timestamp in wall-clock microseconds.
public struct ServedItem: Sendable, Equatable {
    public var invoiceNo: String
    public var stockCode: String
    public var description: String?
    public var quantity: Int64
    public var invoiceTs: Int64
    public var unitPrice: Int64
    public var customerID: String
    public var country: String
    public var revenue: Int64
    public var seq: Int64

    static let select = """
        SELECT invoice_no, stock_code, description, quantity, invoice_ts, unit_price, customer_id, country, revenue, seq
        FROM invoice_items
        """

    init(row: Row) {
        invoiceNo = row[0]; stockCode = row[1]; description = row[2]; quantity = row[3]; invoiceTs = row[4]
        unitPrice = row[5]; customerID = row[6]; country = row[7]; revenue = row[8]; seq = row[9]
    }
}

/// One invoice of a customer: its first timestamp, item count and revenue in thousandths.
public struct InvoiceSummary: Sendable, Equatable {
    public var invoiceNo: String
    public var invoiceTs: Int64
    public var itemCount: Int
    public var revenue: Int64
}
