import RetailData

/// One invoice of a customer: its first timestamp, item count and revenue in thousandths.
public struct InvoiceSummary: Sendable, Equatable {
    public var invoiceNo: String
    public var invoiceTs: Int64
    public var itemCount: Int
    /// The exact sum of the items' revenue, in 128 bits: each item fits 64 bits, the total of many
    /// large items may not.
    public var revenue: Int128

    public init(invoiceNo: String, invoiceTs: Int64, itemCount: Int, revenue: Int128) {
        self.invoiceNo = invoiceNo
        self.invoiceTs = invoiceTs
        self.itemCount = itemCount
        self.revenue = revenue
    }

    /// The total as an exact decimal with three places (`2.550`).
    public var totalText: String { Money.text(thousandths: revenue) }
}
