/// One accepted transaction as it sits in a stream log: the eight Online Retail fields as text,
/// already checked by `RecordValidator`. Cleaning happens in the micro-batch.
public struct SaleRecord: Sendable, Equatable {
    public var invoiceNo: String
    public var stockCode: String
    public var description: String?
    public var quantity: String
    public var invoiceDate: String
    public var unitPrice: String
    public var customerID: String?
    public var country: String

    public init(invoiceNo: String, stockCode: String, description: String?, quantity: String, invoiceDate: String,
                unitPrice: String, customerID: String?, country: String) {
        self.invoiceNo = invoiceNo
        self.stockCode = stockCode
        self.description = description
        self.quantity = quantity
        self.invoiceDate = invoiceDate
        self.unitPrice = unitPrice
        self.customerID = customerID
        self.country = country
    }

    /// The fields in `RetailColumns` order, nulls as empty strings (the cleaner's input).
    public var fields: [String] {
        [invoiceNo, stockCode, description ?? "", quantity, invoiceDate, unitPrice, customerID ?? "", country]
    }
}
