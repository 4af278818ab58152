import RetailData

/// Per-group sums of 64-bit row values, kept in 128 bits so no number of rows can overflow them,
/// then narrowed to a 64-bit output column with a range check that names the offending group.
struct GroupSums: Sendable {
    /// What the sums are of: how they are limited and shown.
    enum Measure: Sendable {
        /// Amounts in thousandths: each sum must fit DECIMAL(18,3) (|sum| <= `Money.max`).
        case money
        /// Counts of units: each sum must fit a 64-bit integer.
        case units

        var limit: Int128 {
            switch self {
            case .money: Int128(Money.max.thousandths)
            case .units: Int128(Int64.max)
            }
        }

        func text(_ value: Int128) -> String {
            switch self {
            case .money: Money.text(thousandths: value)
            case .units: String(value)
            }
        }
    }

    private(set) var totals: [Int128]

    init(groupCount: Int) {
        totals = [Int128](repeating: 0, count: groupCount)
    }

    @inline(__always)
    mutating func add(_ value: Int64, to group: Int) {
        totals[group] += Int128(value)
    }

    /// The sums of `groups` as 64-bit values, in that order.
    ///
    /// - Throws: `AggregateError.sumOutOfRange` for the first group whose sum is beyond `measure`'s
    ///   limit, named by `name(group)`.
    func narrowed(_ groups: [Int], measure: Measure, name measureName: String, table: String,
                  groupName: (Int) -> String) throws(AggregateError) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(groups.count)
        for group in groups {
            let sum = totals[group]
            guard sum.magnitude <= measure.limit.magnitude else {
                throw .sumOutOfRange(table: table, group: groupName(group), measure: measureName,
                                     sum: measure.text(sum), limit: measure.text(measure.limit))
            }
            values.append(Int64(sum))
        }
        return values
    }
}
