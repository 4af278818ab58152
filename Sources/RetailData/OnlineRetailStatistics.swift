/// The headline statistics of an Online Retail CSV file: either the published figures of the
/// real data set (scaled to a row count) or the figures measured on a file.
public struct OnlineRetailStatistics: Sendable, Equatable, Codable {
    public var rows = 0
    public var distinctInvoices = 0
    public var cancelledInvoices = 0
    public var cancelledRows = 0
    public var distinctStockCodes = 0
    public var distinctCustomers = 0
    public var countries = 0
    /// Share of rows whose country is United Kingdom, in `0...1`.
    public var unitedKingdomShare = 0.0
    public var missingDescriptions = 0
    public var missingCustomers = 0
    /// Rows with a negative quantity, no `C` prefix, price 0 and no customer.
    public var negativeAdjustments = 0
    public var zeroPrices = 0
    /// Rows whose InvoiceNo starts with `A`.
    public var badDebtRows = 0
    /// Rows byte-identical to an earlier row.
    public var duplicateRows = 0

    public init() {}

    /// The published figures of the real file, scaled proportionally to `rows`.
    ///
    /// Distinct counts are scaled too, which only approximates reality for small files;
    /// the country count and the three bad-debt rows are not scaled.
    public static func published(rows: Int = 541_909) -> OnlineRetailStatistics {
        let factor = Double(rows) / Double(OnlineRetailReference.rows)
        func scaled(_ value: Int) -> Int { Int((Double(value) * factor).rounded()) }
        var stats = OnlineRetailStatistics()
        stats.rows = rows
        stats.distinctInvoices = scaled(25_900)
        stats.cancelledInvoices = scaled(3_836)
        stats.cancelledRows = scaled(9_288)
        stats.distinctStockCodes = scaled(4_070)
        stats.distinctCustomers = scaled(4_372)
        stats.countries = 38
        stats.unitedKingdomShare = 495_478.0 / 541_909.0
        stats.missingDescriptions = scaled(1_454)
        stats.missingCustomers = scaled(135_080)
        stats.negativeAdjustments = scaled(1_336)
        stats.zeroPrices = scaled(2_515)
        stats.badDebtRows = 3
        stats.duplicateRows = scaled(5_268)
        return stats
    }
}
