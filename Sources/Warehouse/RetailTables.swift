/// The tables the retail batch writes: the Power BI star schema (`powerbi/`) and the four
/// aggregates (`aggregates/`), as `RetailExports` defines them.
///
/// `fact_sales` has no primary key: one row per sales line, and no column set is unique
/// (`invoice_no` is a degenerate dimension). Its four keys reference the dimensions.
public enum RetailTables {
    public static let factSales = TableSchema(name: "fact_sales", columns: [
        .init("invoice_no", .text), .init("date_key", .bigint), .init("product_key", .bigint),
        .init("customer_key", .bigint), .init("country_key", .bigint), .init("quantity", .bigint),
        .init("unit_price", .money), .init("revenue", .money), .init("invoice_ts", .timestamp),
    ], foreignKeys: [
        .init("date_key", references: "dim_date", "date_key"),
        .init("product_key", references: "dim_product", "product_key"),
        .init("customer_key", references: "dim_customer", "customer_key"),
        .init("country_key", references: "dim_country", "country_key"),
    ])

    public static let dimDate = TableSchema(name: "dim_date", columns: [
        .init("date_key", .bigint), .init("date", .date), .init("year", .integer), .init("quarter", .integer),
        .init("month", .integer), .init("month_name", .text), .init("year_month", .text), .init("day", .integer),
        .init("weekday", .text), .init("weekday_number", .integer), .init("is_weekend", .boolean),
    ], primaryKey: ["date_key"])

    public static let dimProduct = TableSchema(name: "dim_product", columns: [
        .init("product_key", .bigint), .init("stock_code", .text), .init("description", .text, nullable: true),
        .init("min_unit_price", .money), .init("max_unit_price", .money),
    ], primaryKey: ["product_key"])

    public static let dimCustomer = TableSchema(name: "dim_customer", columns: [
        .init("customer_key", .bigint), .init("customer_id", .text), .init("is_known", .boolean),
        .init("country", .text, nullable: true),
    ], primaryKey: ["customer_key"])

    public static let dimCountry = TableSchema(name: "dim_country", columns: [
        .init("country_key", .bigint), .init("country", .text),
    ], primaryKey: ["country_key"])

    public static let monthlyRevenue = TableSchema(name: "monthly_revenue", columns: [
        .init("month", .text), .init("orders", .bigint), .init("customers", .bigint), .init("units", .bigint),
        .init("revenue", .money),
    ], primaryKey: ["month"])

    public static let countryRevenue = TableSchema(name: "country_revenue", columns: [
        .init("country", .text), .init("orders", .bigint), .init("customers", .bigint), .init("units", .bigint),
        .init("revenue", .money),
    ], primaryKey: ["country"])

    public static let topProducts = TableSchema(name: "top_products", columns: [
        .init("stock_code", .text), .init("description", .text, nullable: true), .init("units", .bigint),
        .init("revenue", .money), .init("orders", .bigint),
    ], primaryKey: ["stock_code"])

    public static let customerRFM = TableSchema(name: "customer_rfm", columns: [
        .init("customer_id", .text), .init("recency_days", .integer), .init("frequency", .bigint),
        .init("monetary", .money), .init("r_score", .integer), .init("f_score", .integer), .init("m_score", .integer),
        .init("segment", .text),
    ], primaryKey: ["customer_id"])

    /// Every known table: the star (dimensions before the fact), then the aggregates.
    public static let all: [TableSchema] = [
        dimDate, dimProduct, dimCustomer, dimCountry, factSales, monthlyRevenue, countryRevenue, topProducts, customerRFM,
    ]

    /// The known table called `name`, if any.
    public static func named(_ name: String) -> TableSchema? { all.first { $0.name == name } }
}
