import RetailData

/// Per stock code: units, revenue, distinct invoices, price range and its usual description.
struct ProductSummary: Sendable {
    /// Sums in 128 bits; narrowed with a range check where they are written.
    var units: GroupSums
    var revenue: GroupSums
    var orders: [Int64]
    var rows: [Int64]
    var minPrice: [Int64]
    var maxPrice: [Int64]
    /// Description code per stock code: the most frequent non-null one, ties to the smallest
    /// string in UTF-8 byte order; -1 when the stock code only has null descriptions.
    var description: [Int32]

    /// Computed by `PreparedSales` from its parts, once for the aggregates and the Power BI tables.
    init(_ table: SalesTable, invoiceRows: RowIndex, stockRows: RowIndex, descriptionRank: [Int32]) {
        let count = table.stockCode.dictionary.count
        units = GroupSums(groupCount: count)
        revenue = GroupSums(groupCount: count)
        rows = [Int64](repeating: 0, count: count)
        minPrice = [Int64](repeating: .max, count: count)
        maxPrice = [Int64](repeating: .min, count: count)
        for row in 0..<table.count {
            let code = Int(table.stockCode.codes[row])
            units.add(table.quantity[row], to: code)
            revenue.add(table.revenue[row], to: code)
            rows[code] += 1
            let price = table.unitPrice[row]
            minPrice[code] = min(minPrice[code], price)
            maxPrice[code] = max(maxPrice[code], price)
        }
        orders = invoiceRows.distinctKeyCounts(groups: table.stockCode.codes, groupCount: count)
        description = stockRows.modes(
            of: table.description.codes, valueCount: table.description.dictionary.count, rank: descriptionRank)
    }
}
