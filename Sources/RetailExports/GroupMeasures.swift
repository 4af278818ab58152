/// The four sales measures per group: distinct invoices, distinct known customers, units, revenue.
struct GroupMeasures: Sendable {
    var orders: [Int64]
    var customers: [Int64]
    var units: [Int64]
    var revenue: [Int64]
    /// Number of rows per group (a group with none is left out of the output).
    var rows: [Int64]

    /// Measures of `sales` grouped by `groups` (one group number per row, 0 ..< `groupCount`).
    init(_ sales: PreparedSales, groups: [Int32], groupCount: Int) {
        let table = sales.table
        units = [Int64](repeating: 0, count: groupCount)
        revenue = [Int64](repeating: 0, count: groupCount)
        rows = [Int64](repeating: 0, count: groupCount)
        for row in 0..<table.count {
            let group = Int(groups[row])
            units[group] &+= table.quantity[row]
            revenue[group] &+= table.revenue[row]
            rows[group] += 1
        }
        orders = sales.invoiceRows.distinctKeyCounts(groups: groups, groupCount: groupCount)
        customers = sales.customerRows.distinctKeyCounts(
            groups: groups, groupCount: groupCount, skippingKey: sales.unknownCustomer)
    }

    /// The measure columns for the groups at `order`, named as in the aggregate tables.
    func columns(for order: [Int]) -> [ResultColumn] {
        [
            ResultColumn("orders", .int64(order.map { orders[$0] })),
            ResultColumn("customers", .int64(order.map { customers[$0] })),
            ResultColumn("units", .int64(order.map { units[$0] })),
            ResultColumn("revenue", .money(order.map { revenue[$0] })),
        ]
    }
}
