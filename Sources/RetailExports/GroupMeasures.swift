/// The four sales measures per group: distinct invoices, distinct known customers, units, revenue.
struct GroupMeasures: Sendable {
    var orders: [Int64]
    var customers: [Int64]
    /// Sums in 128 bits; `columns(for:)` narrows them with a range check.
    var units: GroupSums
    var revenue: GroupSums
    /// Number of rows per group (a group with none is left out of the output).
    var rows: [Int64]

    /// Measures of `sales` grouped by `groups` (one group number per row, 0 ..< `groupCount`).
    init(_ sales: PreparedSales, groups: [Int32], groupCount: Int) {
        let table = sales.table
        units = GroupSums(groupCount: groupCount)
        revenue = GroupSums(groupCount: groupCount)
        rows = [Int64](repeating: 0, count: groupCount)
        for row in 0..<table.count {
            let group = Int(groups[row])
            units.add(table.quantity[row], to: group)
            revenue.add(table.revenue[row], to: group)
            rows[group] += 1
        }
        orders = sales.invoiceRows.distinctKeyCounts(groups: groups, groupCount: groupCount)
        customers = sales.customerRows.distinctKeyCounts(
            groups: groups, groupCount: groupCount, skippingKey: sales.unknownCustomer)
    }

    /// The measure columns for the groups at `order`, named as in the aggregate tables.
    ///
    /// - Throws: `AggregateError.sumOutOfRange` naming the group (by `groupName`) of `table` whose
    ///   units or revenue do not fit their column.
    func columns(for order: [Int], table: String, groupName: (Int) -> String) throws(AggregateError) -> [ResultColumn] {
        [
            ResultColumn("orders", .int64(order.map { orders[$0] })),
            ResultColumn("customers", .int64(order.map { customers[$0] })),
            ResultColumn("units", .int64(try units.narrowed(order, measure: .units, name: "units", table: table,
                                                             groupName: groupName))),
            ResultColumn("revenue", .money(try revenue.narrowed(order, measure: .money, name: "revenue", table: table,
                                                                 groupName: groupName))),
        ]
    }
}
