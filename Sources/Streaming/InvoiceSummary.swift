/// One invoice of a customer: its first timestamp, item count and revenue in thousandths.
public struct InvoiceSummary: Sendable, Equatable {
    public var invoiceNo: String
    public var invoiceTs: Int64
    public var itemCount: Int
    public var revenue: Int64
}
