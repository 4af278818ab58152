import GRDB

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
