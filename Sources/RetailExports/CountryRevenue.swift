/// `country_revenue`: the `monthly_revenue` measures per country, by revenue descending
/// (ties: country ascending in UTF-8 byte order).
public enum CountryRevenue {
    public static let tableName = "country_revenue"

    /// - Throws: `AggregateError` naming the country whose units or revenue do not fit their column.
    public static func table(_ sales: PreparedSales) throws(AggregateError) -> ResultTable {
        let country = sales.table.country
        let measures = GroupMeasures(sales, groups: country.codes, groupCount: country.dictionary.count)
        let rank = sales.countryRank
        let order = (0..<country.dictionary.count)
            .filter { measures.rows[$0] > 0 }
            .sorted { lhs, rhs in
                let (a, b) = (measures.revenue.totals[lhs], measures.revenue.totals[rhs])
                return a != b ? a > b : rank[lhs] < rank[rhs]
            }
        let names = ResultColumn("country", .strings(order.map { country.dictionary[$0] }))
        let columns = try measures.columns(for: order, table: tableName) { country.dictionary[$0] }
        return ResultTable(built: tableName, [names] + columns)
    }
}
