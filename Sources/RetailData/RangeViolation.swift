/// Which of `SalesLimits` an `out_of_range` record breaks.
public enum RangeViolation: Sendable, Equatable {
    /// |Quantity| is above `SalesLimits.maxQuantity`.
    case quantity
    /// |UnitPrice| is above `Money.max`.
    case unitPrice
    /// InvoiceDate is a real date outside `SalesLimits.years`.
    case invoiceDate
    /// Quantity and UnitPrice are in range, but |Quantity × UnitPrice| is above `Money.max`.
    case revenue
}
