/// The documented ranges of the values a sales record may carry. A record outside them is
/// quarantined as `out_of_range` by the batch cleaning and refused with code `out_of_range` at the
/// API and the landing folder; nothing downstream ever sees a value outside them.
///
/// - UnitPrice and revenue (Quantity × UnitPrice): |value| <= 999,999,999,999,999.999
///   (`Money.max`, the largest DECIMAL(18,3) of the output schema).
/// - Quantity: a whole number with |Quantity| <= 1,000,000,000, so sums of units over any number of
///   rows a file can hold stay far inside 64 bits (Spark BIGINT, Power BI Whole Number).
/// - InvoiceDate: 1900-01-01 00:00:00 through 9999-12-31 23:59:59 (wall clock): a four-digit year
///   of the modern calendar; year 0 does not exist and earlier years are not sales data.
public enum SalesLimits {
    /// The largest |Quantity| kept.
    public static let maxQuantity: Int64 = 1_000_000_000
    /// The first and last invoice years kept.
    public static let years: ClosedRange<Int> = 1900...9999
    /// The invoice timestamps kept, in wall-clock microseconds since 1970-01-01T00:00.
    public static let timestamps: ClosedRange<Int64> =
        Int64(CivilDate.days(year: years.lowerBound, month: 1, day: 1)) * CivilDate.microsPerDay
        ... Int64(CivilDate.days(year: years.upperBound + 1, month: 1, day: 1)) * CivilDate.microsPerDay - 1

    /// Whether `quantity` is within ±`maxQuantity`.
    public static func contains(quantity: Int64) -> Bool { quantity.magnitude <= maxQuantity.magnitude }

    /// Revenue `quantity × price`, or nil when it leaves the money range (or 64 bits).
    public static func revenue(quantity: Int64, price: Int64) -> Int64? {
        let (product, overflow) = quantity.multipliedReportingOverflow(by: price)
        guard !overflow, Money(thousandths: product).isInRange else { return nil }
        return product
    }

    /// The first number of `table` outside these limits (columns in the order quantity, invoice_ts,
    /// unit_price, revenue), or nil when all are inside.
    public static func firstValueOutOfRange(in table: SalesTable) -> (column: String, row: Int, value: Int64)? {
        let money = -Money.max.thousandths...Money.max.thousandths
        let checks: [(String, [Int64], ClosedRange<Int64>)] = [
            ("quantity", table.quantity, -maxQuantity...maxQuantity),
            ("invoice_ts", table.invoiceTs, timestamps),
            ("unit_price", table.unitPrice, money),
            ("revenue", table.revenue, money),
        ]
        for (column, values, range) in checks {
            if let row = RangeScan.firstIndex(in: values, outside: range) { return (column, row, values[row]) }
        }
        return nil
    }
}
