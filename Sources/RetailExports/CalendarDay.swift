import RetailData

/// A proleptic Gregorian calendar date, convertible to and from days since 1970-01-01.
///
/// Pure arithmetic (no `Calendar`, no time zone): the sales timestamps are local wall time already.
public struct CalendarDay: Sendable, Hashable, Comparable {
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` after 1970-01-01 (negative before it).
    public init(daysSinceEpoch days: Int) {
        (year, month, day) = CivilDate.civil(days: days)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        CivilDate.days(year: year, month: month, day: day)
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int {
        let days = daysSinceEpoch
        // 1970-01-01 was a Thursday (ISO 4).
        return ((days % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// 1...4
    public var quarter: Int { (month - 1) / 3 + 1 }

    /// `yyyymmdd` as an integer, e.g. 20101201.
    public var dateKey: Int32 { Int32(year * 10_000 + month * 100 + day) }

    /// Months since year 0 (`year * 12 + month - 1`), a dense key for grouping by month.
    public var monthIndex: Int { year * 12 + month - 1 }

    /// The first day of this date's month.
    public var firstOfMonth: CalendarDay { CalendarDay(year: year, month: month, day: 1) }

    /// The last day of this date's month.
    public var lastOfMonth: CalendarDay {
        let next = month == 12 ? CalendarDay(year: year + 1, month: 1, day: 1) : CalendarDay(year: year, month: month + 1, day: 1)
        return CalendarDay(daysSinceEpoch: next.daysSinceEpoch - 1)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// English month names, January first.
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// English weekday names, Monday first (index `isoWeekday - 1`).
    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
