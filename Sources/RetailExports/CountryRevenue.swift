/// `country_revenue`: the `monthly_revenue` measures per country, by revenue descending
/// (ties: country ascending in UTF-8 byte order).
public enum CountryRevenue {
    public static let tableName = "country_revenue"

    public static func table(_ sales: PreparedSales) -> ResultTable {
        let country = sales.table.country
        let measures = GroupMeasures(sales, groups: country.codes, groupCount: country.dictionary.count)
        let rank = sales.countryRank
        let order = (0..<country.dictionary.count)
            .filter { measures.rows[$0] > 0 }
            .sorted { lhs, rhs in
                let (a, b) = (measures.revenue[lhs], measures.revenue[rhs])
                return a != b ? a > b : rank[lhs] < rank[rhs]
            }
        let names = ResultColumn("country", .strings(order.map { country.dictionary[$0] }))
        return ResultTable(built: tableName, [names] + measures.columns(for: order))
    }
}
