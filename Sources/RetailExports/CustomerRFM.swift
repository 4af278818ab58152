/// `customer_rfm`: recency, frequency and monetary value per known customer, ordered by customer id.
///
/// The reference date is the day after the last invoice date over all rows (known or not).
/// Columns: `customer_id` string, `recency_days` int32 (reference date minus the customer's last
/// purchase date), `frequency` int64 (distinct invoices), `monetary` money (sum of revenue),
/// `r_score`/`f_score`/`m_score` int32 (SQL `ntile(5)` over recency descending, frequency
/// ascending, monetary ascending; ties by customer id ascending), `segment` string (`RFMSegment`
/// of r and f).
public enum CustomerRFM {
    public static let tableName = "customer_rfm"
    static let buckets = 5

    /// - Throws: `AggregateError` naming the customer whose monetary sum does not fit DECIMAL(18,3).
    public static func table(_ sales: PreparedSales) throws(AggregateError) -> ResultTable {
        let table = sales.table
        let dictionary = table.customerId.dictionary
        let codeCount = dictionary.count
        var lastDay = [Int32](repeating: .min, count: codeCount)
        var monetary = GroupSums(groupCount: codeCount)
        for row in 0..<table.count {
            let code = Int(table.customerId.codes[row])
            lastDay[code] = max(lastDay[code], sales.dayOfRow[row])
            monetary.add(table.revenue[row], to: code)
        }
        let frequency = sales.invoiceRows.distinctKeyCounts(groups: table.customerId.codes, groupCount: codeCount)

        // Known customers with rows, by id: position in this list is the tie-breaker.
        let customers = (0..<codeCount)
            .filter { Int32($0) != sales.unknownCustomer && sales.customerRows.rowCount(of: $0) > 0 }
            .sorted { sales.customerRank[$0] < sales.customerRank[$1] }
        let referenceDay = Int32((sales.dayRange?.upperBound ?? 0) + 1)
        let recency = customers.map { referenceDay - lastDay[$0] }
        let frequencies = customers.map { frequency[$0] }
        let monetaries = try monetary.narrowed(customers, measure: .money, name: "monetary", table: tableName) {
            dictionary[$0]
        }

        let rScore = NTile.buckets(order: positions(by: recency, descending: true), buckets: buckets)
        let fScore = NTile.buckets(order: positions(by: frequencies, descending: false), buckets: buckets)
        let mScore = NTile.buckets(order: positions(by: monetaries, descending: false), buckets: buckets)
        let segments = customers.indices.map { RFMSegment(recency: Int(rScore[$0]), frequency: Int(fScore[$0])).rawValue }

        return ResultTable(built: tableName, [
            ResultColumn("customer_id", .strings(customers.map { dictionary[$0] })),
            ResultColumn("recency_days", .int32(recency)),
            ResultColumn("frequency", .int64(frequencies)),
            ResultColumn("monetary", .money(monetaries)),
            ResultColumn("r_score", .int32(rScore)),
            ResultColumn("f_score", .int32(fScore)),
            ResultColumn("m_score", .int32(mScore)),
            ResultColumn("segment", .strings(segments)),
        ])
    }

    /// Positions of `values` sorted by value, ties by position (customer id order) ascending.
    private static func positions<Value: Comparable>(by values: [Value], descending: Bool) -> [Int] {
        values.indices.sorted { a, b in
            if values[a] == values[b] { return a < b }
            return descending ? values[a] > values[b] : values[a] < values[b]
        }
    }
}
