import Foundation

/// When a workflow runs on its own: cron expressions read on the wall clock of a time zone, or a
/// fixed interval.
///
/// ## Cron schedules and the wall clock
/// Cron expressions name wall-clock minutes in ``timeZone`` (UTC unless given). Several
/// expressions fire at the union of their times; an instant that more than one names fires once.
/// Each wall time runs exactly once, including on the days the clocks change:
///
/// - **Skipped wall times (spring forward)** run once, at the first valid instant after the gap,
///   which is the instant of the change itself. `30 1 * * *` in Europe/London fires on 2025-03-30
///   at 02:00 BST (01:00 UTC); `30 2 * * *` in America/New_York fires on 2025-03-09 at 03:00 EDT
///   (07:00 UTC). All skipped times map to that one instant, and it also stands for the first wall
///   time after the gap (02:00 BST, 03:00 EDT), so it fires once however many of them match.
/// - **Repeated wall times (fall back)** run once, on their first occurrence (the earlier offset,
///   still in summer time). `30 1 * * *` in Europe/London fires on 2025-10-26 at 01:30 BST
///   (00:30 UTC) and not again at 01:30 GMT.
/// - **Hourly and minutely schedules** follow the same two rules. Across a spring-forward gap
///   `0 * * * *` fires at every real hour (the skipped 01:00 becomes 02:00 BST, the first hour
///   after the gap, which fires once). Across a fall-back, the repeated hour fires only once, so
///   there is one real hour with no run: in Europe/London on 2025-10-26 `0 * * * *` fires at 00:00
///   UTC (01:00 BST), skips 01:00 UTC (01:00 GMT, a repeat) and fires again at 02:00 UTC. Use
///   `.every` for a strict real-time cadence.
///
/// ## Interval schedules
/// `.every(d)` fires at every whole multiple of `d` since 1970-01-01T00:00:00Z, ignoring the time
/// zone and daylight saving: `every: 1h` fires at the top of each UTC hour, `every: 10s` at :00,
/// :10, :20 ... of every minute. `d` must be at least one second and a whole number of seconds.
///
/// ## Slots and data intervals
/// Every fire time is a slot. A slot's logical date is its fire time, and its data interval is the
/// half-open range [previous fire time, this fire time): for `0 2 * * *` the slot firing at 02:00
/// on the 10th covers 02:00 on the 9th up to 02:00 on the 10th. (Airflow's classic cron timetable
/// calls the start of that interval the logical date; here it is the end, the moment the run is
/// due.) For `.every(d)` the interval is [fire - d, fire).
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    /// What fires.
    public enum Rule: Sendable, Hashable {
        /// The union of the expressions' times, read on the wall clock of the schedule's time zone.
        case cron([CronExpression])
        /// Every whole multiple of the interval since 1970-01-01T00:00:00Z (at least 1 second).
        case every(Duration)
    }

    public let rule: Rule
    /// The zone whose wall clock cron expressions are read in; UTC by default. `.every` ignores it.
    public let timeZone: TimeZone

    /// UTC, the default time zone.
    public static let utc = TimeZone(identifier: "UTC")!

    /// A schedule after checking it: a cron schedule needs an expression, an interval must be a
    /// whole number of seconds, at least one.
    public init(_ rule: Rule, timeZone: TimeZone = Schedule.utc) throws(ScheduleError) {
        switch rule {
        case .cron(let expressions):
            if expressions.isEmpty { throw .noExpressions }
        case .every(let interval):
            if interval < .seconds(1) { throw .intervalTooShort(interval) }
            if interval.components.attoseconds != 0 { throw .intervalNotWholeSeconds(interval) }
        }
        self.rule = rule
        self.timeZone = timeZone
    }

    /// Parses each expression and looks up the time zone (nil means UTC).
    public init(cron expressions: [String], timeZone identifier: String? = nil) throws(ScheduleError) {
        var parsed: [CronExpression] = []
        for (index, text) in expressions.enumerated() {
            do throws(CronParseError) {
                parsed.append(try CronExpression(text))
            } catch {
                throw .invalidCron(index: index, error)
            }
        }
        try self.init(.cron(parsed), timeZone: try Schedule.timeZone(named: identifier))
    }

    /// An interval schedule; the time zone (nil means UTC) only matters for display.
    public init(every interval: Duration, timeZone identifier: String? = nil) throws(ScheduleError) {
        try self.init(.every(interval), timeZone: try Schedule.timeZone(named: identifier))
    }

    /// The zone with IANA identifier `name` (such as `Europe/London`), or UTC for nil.
    public static func timeZone(named name: String?) throws(ScheduleError) -> TimeZone {
        guard let name else { return utc }
        guard let zone = TimeZone(identifier: name) else { throw .unknownTimeZone(name) }
        return zone
    }

    /// `cron '0 2 * * *' in Europe/London`, `cron '0 2 * * 1-5', '30 6 * * 6' in UTC`, `every 10s`.
    public var description: String {
        switch rule {
        case .cron(let expressions):
            let list = expressions.map { "'\($0.source)'" }.joined(separator: ", ")
            return "cron \(list) in \(zoneName)"
        case .every(let interval):
            return "every \(ScheduleError.format(interval))"
        }
    }
}
