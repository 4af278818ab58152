/// Per stock code: units, revenue, distinct invoices, price range and its usual description.
struct ProductSummary: Sendable {
    var units: [Int64]
    var revenue: [Int64]
    var orders: [Int64]
    var rows: [Int64]
    var minPrice: [Int64]
    var maxPrice: [Int64]
    /// Description code per stock code: the most frequent non-null one, ties to the smallest
    /// string in UTF-8 byte order; -1 when the stock code only has null descriptions.
    var description: [Int32]

    init(_ sales: PreparedSales) {
        let table = sales.table
        let count = table.stockCode.dictionary.count
        units = [Int64](repeating: 0, count: count)
        revenue = [Int64](repeating: 0, count: count)
        rows = [Int64](repeating: 0, count: count)
        minPrice = [Int64](repeating: .max, count: count)
        maxPrice = [Int64](repeating: .min, count: count)
        for row in 0..<table.count {
            let code = Int(table.stockCode.codes[row])
            units[code] &+= table.quantity[row]
            revenue[code] &+= table.revenue[row]
            rows[code] += 1
            let price = table.unitPrice[row]
            minPrice[code] = min(minPrice[code], price)
            maxPrice[code] = max(maxPrice[code], price)
        }
        orders = sales.invoiceRows.distinctKeyCounts(groups: table.stockCode.codes, groupCount: count)
        description = sales.stockRows.modes(
            of: table.description.codes, valueCount: table.description.dictionary.count, rank: sales.descriptionRank)
    }
}
