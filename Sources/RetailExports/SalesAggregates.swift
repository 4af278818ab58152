/// The four analyst aggregates of one batch.
public struct SalesAggregates: Sendable {
    public var monthlyRevenue: ResultTable
    public var countryRevenue: ResultTable
    public var topProducts: ResultTable
    public var customerRFM: ResultTable

    /// Computes all four from `sales`, one after the other on the calling thread.
    ///
    /// - Throws: `AggregateError` naming the table and group whose sum does not fit its column.
    public init(_ sales: PreparedSales, topProductLimit: Int = TopProducts.defaultLimit) throws(AggregateError) {
        try self.init(sales, products: sales.products, topProductLimit: topProductLimit)
    }

    init(_ sales: PreparedSales, products: ProductSummary, topProductLimit: Int) throws(AggregateError) {
        monthlyRevenue = try MonthlyRevenue.table(sales)
        countryRevenue = try CountryRevenue.table(sales)
        topProducts = try TopProducts.table(sales, summary: products, limit: topProductLimit)
        customerRFM = try CustomerRFM.table(sales)
    }

    /// The tables in a fixed order: monthly, country, products, RFM.
    public var tables: [ResultTable] { [monthlyRevenue, countryRevenue, topProducts, customerRFM] }

    /// Writes each table as `name.csv` (`CSVFormat.aggregate`) into `directory`.
    public func writeCSV(to directory: OutputDirectory) throws(ExportError) {
        for table in tables { try table.writeCSV(to: directory, format: .aggregate) }
    }
}
