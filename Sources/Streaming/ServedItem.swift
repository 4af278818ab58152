/// One item of an invoice as served. Money in thousandths, the timestamp in wall-clock microseconds.
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
    /// The stream sequence that wrote the item: a write from an older sequence never replaces it.
    public var seq: Int64

    public init(invoiceNo: String, stockCode: String, description: String?, quantity: Int64, invoiceTs: Int64, unitPrice: Int64,
                customerID: String, country: String, revenue: Int64, seq: Int64) {
        self.invoiceNo = invoiceNo
        self.stockCode = stockCode
        self.description = description
        self.quantity = quantity
        self.invoiceTs = invoiceTs
        self.unitPrice = unitPrice
        self.customerID = customerID
        self.country = country
        self.revenue = revenue
        self.seq = seq
    }
}
