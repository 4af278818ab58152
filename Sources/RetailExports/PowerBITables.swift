import RetailData

/// The Power BI star schema: one fact table and four dimensions joined on integer keys.
///
/// - `fact_sales`: `invoice_no`, `date_key` (→ `dim_date`), `product_key` (→ `dim_product`),
///   `customer_key` (→ `dim_customer`), `country_key` (→ `dim_country`), `quantity`, `unit_price`,
///   `revenue`, `invoice_ts` — one row per sales row, in table order.
/// - `dim_product`: `product_key`, `stock_code`, `description` (most frequent, as in
///   `top_products`), `min_unit_price`, `max_unit_price`.
/// - `dim_customer`: `customer_key`, `customer_id`, `is_known` (`true`/`false`), `country` (the customer's most
///   frequent country, ties to the smallest; null for `Unknown`). `Unknown` is always there, key 0.
/// - `dim_country`: `country_key`, `country`.
/// - `dim_date`: see `DateDimension`, covering the whole months of the data.
///
/// Product, customer and country keys are 1, 2, ... in UTF-8 byte order of the natural key.
///
/// Power BI sums `fact_sales` in its own types: Fixed Decimal (64 bits, 4 decimals: at most
/// 922,337,203,685,477.5807) for money, Whole Number (64 bits) for `quantity`. Building the tables
/// throws when the sum of absolute values of one of those columns over all rows is beyond that, so
/// no `SUM` measure, whatever its filter, can overflow in the report.
public struct PowerBITables: Sendable {
    /// The largest Power BI Fixed Decimal, 922,337,203,685,477.5807, in whole thousandths.
    static let fixedDecimalLimit: Int128 = 922_337_203_685_477_580
    public var factSales: ResultTable
    public var dimDate: ResultTable
    public var dimProduct: ResultTable
    public var dimCustomer: ResultTable
    public var dimCountry: ResultTable

    /// - Throws: `AggregateError.powerBITotalOutOfRange` when a `SUM` measure over `fact_sales` could overflow.
    public init(_ sales: PreparedSales) throws(AggregateError) {
        try self.init(sales, products: sales.products)
    }

    init(_ sales: PreparedSales, products: ProductSummary) throws(AggregateError) {
        let table = sales.table
        try Self.checkTotal("quantity", table.quantity, limit: Int128(Int64.max), text: { String($0) })
        try Self.checkTotal("unit_price", table.unitPrice, limit: Self.fixedDecimalLimit, text: { Money.text(thousandths: $0) })
        try Self.checkTotal("revenue", table.revenue, limit: Self.fixedDecimalLimit, text: { Money.text(thousandths: $0) })
        let productKeys = SurrogateKeys(
            codeCount: table.stockCode.dictionary.count, rank: sales.stockRank) { products.rows[$0] > 0 }
        let countryUsed = Self.usedCodes(table.country)
        let countryKeys = SurrogateKeys(
            codeCount: table.country.dictionary.count, rank: sales.countryRank) { countryUsed[$0] }
        let customerKeys = SurrogateKeys(
            codeCount: table.customerId.dictionary.count, rank: sales.customerRank,
            excluding: sales.unknownCustomer) { sales.customerRows.rowCount(of: $0) > 0 }

        // The customer dimension (a mode over every customer's rows) is the slowest part: it is
        // built on a thread of its own while this one builds the other four.
        let customers = BackgroundResult { Self.dimCustomer(sales, keys: customerKeys) }
        factSales = Self.fact(sales, products: productKeys, customers: customerKeys, countries: countryKeys)
        dimDate = DateDimension.table(
            from: sales.dayRange.map { CalendarDay(daysSinceEpoch: $0.lowerBound) },
            through: sales.dayRange.map { CalendarDay(daysSinceEpoch: $0.upperBound) })
        dimProduct = Self.dimProduct(table, keys: productKeys, summary: products)
        dimCountry = Self.dimCountry(table, keys: countryKeys)
        // `dimCustomer` does not throw.
        dimCustomer = try! customers.wait()
    }

    /// The five tables: fact first, then date, product, customer, country.
    public var tables: [ResultTable] { [factSales, dimDate, dimProduct, dimCustomer, dimCountry] }

    /// Throws when the sum of |value| over `values` is above `limit` (shown with `text`).
    private static func checkTotal(_ column: String, _ values: [Int64], limit: Int128,
                                   text: (Int128) -> String) throws(AggregateError) {
        var total: Int128 = 0
        for value in values { total += Int128(value.magnitude) }
        guard total > limit else { return }
        throw .powerBITotalOutOfRange(column: column, total: text(total), limit: text(limit))
    }

    /// Whether each dictionary code of `column` occurs in some row.
    private static func usedCodes(_ column: StringColumn) -> [Bool] {
        var used = [Bool](repeating: false, count: column.dictionary.count)
        for code in column.codes where code >= 0 { used[Int(code)] = true }
        return used
    }

    private static func fact(
        _ sales: PreparedSales, products: SurrogateKeys, customers: SurrogateKeys, countries: SurrogateKeys
    ) -> ResultTable {
        let table = sales.table
        var dateKeys = [Int32](repeating: 0, count: table.count)
        if let range = sales.dayRange {
            let keyOfDay = range.map { CalendarDay(daysSinceEpoch: $0).dateKey }
            for (row, day) in sales.dayOfRow.enumerated() { dateKeys[row] = keyOfDay[Int(day) - range.lowerBound] }
        }
        return ResultTable(built: "fact_sales", [
            ResultColumn("invoice_no", .string(table.invoiceNo)),
            ResultColumn("date_key", .int32(dateKeys)),
            ResultColumn("product_key", .int32Keys(codes: table.stockCode.codes, keys: products.keyOfCode)),
            ResultColumn("customer_key", .int32Keys(codes: table.customerId.codes, keys: customers.keyOfCode)),
            ResultColumn("country_key", .int32Keys(codes: table.country.codes, keys: countries.keyOfCode)),
            ResultColumn("quantity", .int64(table.quantity)),
            ResultColumn("unit_price", .money(table.unitPrice)),
            ResultColumn("revenue", .money(table.revenue)),
            ResultColumn("invoice_ts", .timestamp(table.invoiceTs)),
        ])
    }

    private static func dimProduct(_ table: SalesTable, keys: SurrogateKeys, summary: ProductSummary) -> ResultTable {
        let codes = keys.codes
        return ResultTable(built: "dim_product", [
            ResultColumn("product_key", .int32(codes.map { keys.keyOfCode[$0] })),
            ResultColumn("stock_code", .strings(codes.map { table.stockCode.dictionary[$0] })),
            ResultColumn("description", .strings(codes.map { code in
                let description = summary.description[code]
                return description < 0 ? nil : table.description.dictionary[Int(description)]
            })),
            ResultColumn("min_unit_price", .money(codes.map { summary.minPrice[$0] })),
            ResultColumn("max_unit_price", .money(codes.map { summary.maxPrice[$0] })),
        ])
    }

    private static func dimCustomer(_ sales: PreparedSales, keys: SurrogateKeys) -> ResultTable {
        let table = sales.table
        let countries = sales.customerRows.modes(
            of: table.country.codes, valueCount: table.country.dictionary.count, rank: sales.countryRank)
        let codes = keys.codes
        let unknown: [String?] = [SalesTable.unknownCustomer]
        return ResultTable(built: "dim_customer", [
            ResultColumn("customer_key", .int32([0] + codes.map { keys.keyOfCode[$0] })),
            ResultColumn("customer_id", .strings(unknown + codes.map { table.customerId.dictionary[$0] })),
            ResultColumn("is_known", .strings(["false"] + codes.map { _ in "true" })),
            ResultColumn("country", .strings([nil] + codes.map { code in
                let country = countries[code]
                return country < 0 ? nil : table.country.dictionary[Int(country)]
            })),
        ])
    }

    private static func dimCountry(_ table: SalesTable, keys: SurrogateKeys) -> ResultTable {
        ResultTable(built: "dim_country", [
            ResultColumn("country_key", .int32(keys.codes.map { keys.keyOfCode[$0] })),
            ResultColumn("country", .strings(keys.codes.map { table.country.dictionary[$0] })),
        ])
    }
}
