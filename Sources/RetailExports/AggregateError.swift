import Foundation
import RetailData

/// A sum that does not fit the column it is written to. Reported instead of a wrapped (wrong) or
/// trapping sum; every row value is in range (`SalesLimits`), only sums of many rows can leave it.
public enum AggregateError: LocalizedError, Equatable, Sendable {
    /// The sum of `measure` over the rows of `group` in `table` leaves its output column's range.
    case sumOutOfRange(table: String, group: String, measure: String, sum: String, limit: String)
    /// The sum of |`column`| over all rows of `fact_sales` is above what a Power BI measure can hold,
    /// so `SUM(fact_sales[column])` could overflow there.
    case powerBITotalOutOfRange(column: String, total: String, limit: String)

    public var errorDescription: String? {
        switch self {
        case .sumOutOfRange(let table, let group, let measure, let sum, let limit):
            "\(table): \(measure) of '\(group)' sums to \(sum), outside the column's range (at most \(limit) in magnitude)"
        case .powerBITotalOutOfRange(let column, let total, let limit):
            "fact_sales: the sum of |\(column)| over all rows is \(total), above \(limit), the largest value of its "
                + "Power BI type, so a SUM(fact_sales[\(column)]) measure could overflow"
        }
    }

}
