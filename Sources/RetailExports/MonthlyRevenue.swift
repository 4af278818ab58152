/// `monthly_revenue`: per calendar month (`YYYY-MM`) of the invoice timestamp, ordered by month.
///
/// Columns: `month` string, `orders` int64 (distinct invoices), `customers` int64 (distinct
/// customer ids, `Unknown` excluded), `units` int64 (sum of quantity), `revenue` money.
public enum MonthlyRevenue {
    public static let tableName = "monthly_revenue"

    /// - Throws: `AggregateError` naming the month whose units or revenue do not fit their column.
    public static func table(_ sales: PreparedSales) throws(AggregateError) -> ResultTable {
        let measures = GroupMeasures(sales, groups: sales.monthOfRow, groupCount: sales.monthCount)
        let order = (0..<sales.monthCount).filter { measures.rows[$0] > 0 }
        let labels = order.map { sales.month($0).yearMonthText }
        let columns = try measures.columns(for: order, table: tableName) { sales.month($0).yearMonthText }
        return ResultTable(built: tableName, [ResultColumn("month", .strings(labels))] + columns)
    }
}
