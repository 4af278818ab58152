/// The string columns of a sales record.
public enum SalesTextColumn: Int, Sendable, CaseIterable {
    case invoiceNo, stockCode, description, customerId, country
}
