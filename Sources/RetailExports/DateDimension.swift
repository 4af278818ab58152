/// `dim_date`: one row per day over whole calendar months.
///
/// Columns: `date_key` int32 (`yyyymmdd`), `date` date, `year`, `quarter`, `month` int32,
/// `month_name` string (English), `year_month` string (`yyyy-MM`), `day` int32, `weekday` string
/// (English), `weekday_number` int32 (ISO: Monday 1 ... Sunday 7), `is_weekend` string
/// (`true`/`false`: text, so every column kind maps onto the Parquet writer, which has no boolean).
public enum DateDimension {
    public static let tableName = "dim_date"

    /// Every day from the first day of `first`'s month to the last day of `last`'s month; no rows
    /// when either is nil.
    public static func table(from first: CalendarDay?, through last: CalendarDay?) -> ResultTable {
        var days: [CalendarDay] = []
        if let first, let last, first <= last {
            let start = first.firstOfMonth.daysSinceEpoch
            let end = last.lastOfMonth.daysSinceEpoch
            days = (start...end).map { CalendarDay(daysSinceEpoch: $0) }
        }
        let weekdays = days.map(\.isoWeekday)
        return ResultTable(built: tableName, [
            ResultColumn("date_key", .int32(days.map(\.dateKey))),
            ResultColumn("date", .date(days.map { Int32($0.daysSinceEpoch) })),
            ResultColumn("year", .int32(days.map { Int32($0.year) })),
            ResultColumn("quarter", .int32(days.map { Int32($0.quarter) })),
            ResultColumn("month", .int32(days.map { Int32($0.month) })),
            ResultColumn("month_name", .strings(days.map { CalendarDay.monthNames[$0.month - 1] })),
            ResultColumn("year_month", .strings(days.map(\.yearMonthText))),
            ResultColumn("day", .int32(days.map { Int32($0.day) })),
            ResultColumn("weekday", .strings(weekdays.map { CalendarDay.weekdayNames[$0 - 1] })),
            ResultColumn("weekday_number", .int32(weekdays.map(Int32.init))),
            ResultColumn("is_weekend", .strings(weekdays.map { $0 >= 6 ? "true" : "false" })),
        ])
    }
}
