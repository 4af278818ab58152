/// `top_products`: the stock codes with the highest revenue (ties: stock code ascending).
///
/// Columns: `stock_code` string, `description` string (the code's most frequent non-null
/// description, ties to the smallest string; null if it has none), `units` int64, `revenue` money,
/// `orders` int64 (distinct invoices).
public enum TopProducts {
    public static let tableName = "top_products"
    public static let defaultLimit = 100

    /// - Throws: `AggregateError` naming the listed stock code whose units or revenue do not fit their column.
    public static func table(_ sales: PreparedSales, limit: Int = defaultLimit) throws(AggregateError) -> ResultTable {
        try table(sales, summary: sales.products, limit: limit)
    }

    static func table(_ sales: PreparedSales, summary: ProductSummary, limit: Int) throws(AggregateError) -> ResultTable {
        let rank = sales.stockRank
        let order = Array((0..<summary.rows.count)
            .filter { summary.rows[$0] > 0 }
            .sorted { lhs, rhs in
                let (a, b) = (summary.revenue.totals[lhs], summary.revenue.totals[rhs])
                return a != b ? a > b : rank[lhs] < rank[rhs]
            }
            .prefix(max(0, limit)))
        let table = sales.table
        let stockCode = { (code: Int) in table.stockCode.dictionary[code] }
        let units = try summary.units.narrowed(order, measure: .units, name: "units", table: tableName, groupName: stockCode)
        let revenue = try summary.revenue.narrowed(order, measure: .money, name: "revenue", table: tableName, groupName: stockCode)
        let descriptions = order.map { summary.description[$0] }.map { $0 < 0 ? nil : table.description.dictionary[Int($0)] }
        return ResultTable(built: tableName, [
            ResultColumn("stock_code", .strings(order.map(stockCode))),
            ResultColumn("description", .strings(descriptions)),
            ResultColumn("units", .int64(units)),
            ResultColumn("revenue", .money(revenue)),
            ResultColumn("orders", .int64(order.map { summary.orders[$0] })),
        ])
    }
}
