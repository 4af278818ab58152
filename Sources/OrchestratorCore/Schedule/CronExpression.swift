/// A five-field cron expression: `minute hour day-of-month month day-of-week`.
///
/// Each field is `*`, a number, a name (months `JAN`-`DEC`, days `SUN`-`SAT`, any case), a range
/// `a-b`, a step `*/n`, `a-b/n` or `a/n` (from `a` to the end of the field), or a comma-separated
/// list of those. Day-of-week takes 0-7, where both 0 and 7 are Sunday. The macros `@yearly`
/// (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly` stand for a whole
/// expression.
///
/// Day rule, as in Vixie cron and cronie: when day-of-month and day-of-week are both restricted, a
/// day matches when EITHER matches (`0 0 13 * FRI` fires on every 13th and on every Friday). A field
/// counts as unrestricted when it starts with `*` (so `*` and `*/2`); then a day must match both
/// fields, which makes the unrestricted `*` a no-op.
///
/// An expression only describes wall-clock minutes; `Schedule` turns them into instants in a time
/// zone. Two expressions are equal when they match the same minutes, whatever their spelling.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text the expression was parsed from, with the surrounding blanks removed.
    public let source: String

    // Bit n set = value n matches. Day-of-week uses bits 0-6 (7 is folded onto 0).
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    let daysOfWeek: UInt64
    let dayOfMonthIsStar: Bool
    let dayOfWeekIsStar: Bool

    /// Parses `text`; throws ``CronParseError`` naming the field, the bad value and its column.
    public init(_ text: String) throws(CronParseError) {
        let parsed = try CronParser.parse(text)
        source = parsed.source
        minutes = parsed.masks[CronField.minute.rawValue]
        hours = parsed.masks[CronField.hour.rawValue]
        daysOfMonth = parsed.masks[CronField.dayOfMonth.rawValue]
        months = parsed.masks[CronField.month.rawValue]
        daysOfWeek = parsed.masks[CronField.dayOfWeek.rawValue]
        dayOfMonthIsStar = parsed.stars[CronField.dayOfMonth.rawValue]
        dayOfWeekIsStar = parsed.stars[CronField.dayOfWeek.rawValue]
    }

    public var description: String { source }

    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.minutes == rhs.minutes && lhs.hours == rhs.hours && lhs.daysOfMonth == rhs.daysOfMonth
            && lhs.months == rhs.months && lhs.daysOfWeek == rhs.daysOfWeek
            && lhs.dayOfMonthIsStar == rhs.dayOfMonthIsStar && lhs.dayOfWeekIsStar == rhs.dayOfWeekIsStar
    }

    public func hash(into hasher: inout Hasher) {
        for mask in [minutes, hours, daysOfMonth, months, daysOfWeek] { hasher.combine(mask) }
        hasher.combine(dayOfMonthIsStar)
        hasher.combine(dayOfWeekIsStar)
    }

    /// The values of `field` that match, in ascending order (day-of-week as 0-6, Sunday = 0).
    public func values(of field: CronField) -> [Int] {
        let mask: UInt64 = switch field {
        case .minute: minutes
        case .hour: hours
        case .dayOfMonth: daysOfMonth
        case .month: months
        case .dayOfWeek: daysOfWeek
        }
        return (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
    }

    /// False for expressions that name no real date, such as `0 0 31 2 *` or `0 0 30 2 *`.
    ///
    /// Every date, 29 February included, falls on each day of the week within a 400-year cycle of
    /// the Gregorian calendar, so only day-of-month against month can make an expression impossible.
    public var canEverFire: Bool {
        if !dayOfMonthIsStar && !dayOfWeekIsStar { return true }  // either day field suffices
        let longestFebruary = 29
        for month in 1...12 where months & (1 << UInt64(month)) != 0 {
            let longest = month == 2 ? longestFebruary : WallMinute.daysInMonth(year: 2001, month: month)
            if daysOfMonth & (UInt64(1) << UInt64(longest + 1) - 2) != 0 { return true }
        }
        return false
    }

    /// Whether the wall-clock minute matches. `weekday` is 0 (Sunday) to 6.
    public func matches(year: Int, month: Int, day: Int, hour: Int, minute: Int) -> Bool {
        guard (1...12).contains(month), (1...WallMinute.daysInMonth(year: year, month: month)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return false }
        return Self.has(months, month) && Self.has(hours, hour) && Self.has(minutes, minute)
            && dayMatches(day: day, weekday: WallMinute.weekday(year: year, month: month, day: day))
    }

    func matches(_ wall: WallMinute) -> Bool {
        matches(year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute)
    }

    func dayMatches(day: Int, weekday: Int) -> Bool {
        let byDay = Self.has(daysOfMonth, day)
        let byWeekday = Self.has(daysOfWeek, weekday)
        return dayOfMonthIsStar || dayOfWeekIsStar ? byDay && byWeekday : byDay || byWeekday
    }

    // MARK: Searching wall-clock minutes

    /// The first matching minute at or after `start`, searching up to the end of `lastYear`.
    ///
    /// Jumps field by field (month, then day, then hour, then minute), so it costs a few steps per
    /// matching month rather than one per minute.
    func firstMatch(onOrAfter start: WallMinute, lastYear: Int) -> WallMinute? {
        var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
        while year <= lastYear {
            guard let nextMonth = Self.firstBit(months, atLeast: month, upTo: 12) else {
                (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0)
                continue
            }
            if nextMonth != month { (month, day, hour, minute) = (nextMonth, 1, 0, 0) }

            let length = WallMinute.daysInMonth(year: year, month: month)
            var matchingDay: Int?
            if day <= length {
                var weekday = WallMinute.weekday(year: year, month: month, day: day)
                for candidate in day...length {
                    if dayMatches(day: candidate, weekday: weekday) { matchingDay = candidate; break }
                    weekday = (weekday + 1) % 7
                }
            }
            guard let nextDay = matchingDay else {
                (month, day, hour, minute) = (month + 1, 1, 0, 0)
                continue
            }
            if nextDay != day { (day, hour, minute) = (nextDay, 0, 0) }

            guard let nextHour = Self.firstBit(hours, atLeast: hour, upTo: 23) else {
                (day, hour, minute) = (day + 1, 0, 0)
                continue
            }
            if nextHour != hour { (hour, minute) = (nextHour, 0) }

            guard let nextMinute = Self.firstBit(minutes, atLeast: minute, upTo: 59) else {
                (hour, minute) = (hour + 1, 0)
                continue
            }
            return WallMinute(year: year, month: month, day: day, hour: hour, minute: nextMinute)
        }
        return nil
    }

    /// The last matching minute at or before `start`, searching back to the start of `firstYear`.
    func lastMatch(onOrBefore start: WallMinute, firstYear: Int) -> WallMinute? {
        var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
        while year >= firstYear {
            guard let previousMonth = Self.lastBit(months, atMost: month, downTo: 1) else {
                (year, month, day, hour, minute) = (year - 1, 12, 31, 23, 59)
                continue
            }
            if previousMonth != month { (month, day, hour, minute) = (previousMonth, 31, 23, 59) }

            let length = WallMinute.daysInMonth(year: year, month: month)
            if day > length { (day, hour, minute) = (length, 23, 59) }
            var matchingDay: Int?
            if day >= 1 {
                var weekday = WallMinute.weekday(year: year, month: month, day: day)
                for candidate in stride(from: day, through: 1, by: -1) {
                    if dayMatches(day: candidate, weekday: weekday) { matchingDay = candidate; break }
                    weekday = (weekday + 6) % 7
                }
            }
            guard let previousDay = matchingDay else {
                (month, day, hour, minute) = (month - 1, 31, 23, 59)
                continue
            }
            if previousDay != day { (day, hour, minute) = (previousDay, 23, 59) }

            guard let previousHour = Self.lastBit(hours, atMost: hour, downTo: 0) else {
                (day, hour, minute) = (day - 1, 23, 59)
                continue
            }
            if previousHour != hour { (hour, minute) = (previousHour, 59) }

            guard let previousMinute = Self.lastBit(minutes, atMost: minute, downTo: 0) else {
                (hour, minute) = (hour - 1, 59)
                continue
            }
            return WallMinute(year: year, month: month, day: day, hour: hour, minute: previousMinute)
        }
        return nil
    }

    // MARK: Bit helpers

    static func has(_ mask: UInt64, _ value: Int) -> Bool {
        value >= 0 && value < 64 && mask & (1 << UInt64(value)) != 0
    }

    /// The smallest set bit in `from...upTo`, if any.
    static func firstBit(_ mask: UInt64, atLeast from: Int, upTo limit: Int) -> Int? {
        guard from <= limit else { return nil }
        let candidates = mask >> UInt64(max(from, 0))
        guard candidates != 0 else { return nil }
        let bit = max(from, 0) + candidates.trailingZeroBitCount
        return bit <= limit ? bit : nil
    }

    /// The largest set bit in `downTo...from`, if any.
    static func lastBit(_ mask: UInt64, atMost from: Int, downTo limit: Int) -> Int? {
        guard from >= limit, from >= 0 else { return nil }
        let kept = from >= 63 ? mask : mask & ((UInt64(1) << UInt64(from + 1)) - 1)
        guard kept != 0 else { return nil }
        let bit = 63 - kept.leadingZeroBitCount
        return bit >= limit ? bit : nil
    }
}
