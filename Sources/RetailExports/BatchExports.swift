/// All outputs of this library for one batch, in the standard layout under an output directory:
/// `aggregates/<table>.csv`, `powerbi/…`, `emr/create_tables.sql` and `emr/zeppelin_note.zpln`.
///
/// The Parquet files (`emr/sales/…`, aggregates as Parquet) are not written here.
public struct BatchExports: Sendable {
    public static let aggregatesDirectoryName = "aggregates"

    public var aggregates: SalesAggregates
    public var powerBI: PowerBITables

    /// Computes the aggregates and the Power BI tables, sharing the per-product work.
    ///
    /// - Throws: `AggregateError` when a sum does not fit its column or a Power BI measure.
    public init(_ sales: PreparedSales, topProductLimit: Int = TopProducts.defaultLimit) throws(AggregateError) {
        let products = sales.products
        aggregates = try SalesAggregates(sales, products: products, topProductLimit: topProductLimit)
        powerBI = try PowerBITables(sales, products: products)
    }

    /// Writes every file into `root` (created if missing). Identical input gives identical bytes.
    public func write(to root: OutputDirectory, emrLocation: String = SparkSQL.defaultLocation) throws(ExportError) {
        try aggregates.writeCSV(to: root.subdirectory(Self.aggregatesDirectoryName))
        try PowerBIExport.write(powerBI, to: root.subdirectory(PowerBIExport.directoryName))
        try EMRArtifacts.write(to: root.subdirectory(EMRArtifacts.directoryName), location: emrLocation)
    }
}
