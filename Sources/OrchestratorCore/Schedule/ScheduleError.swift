import Foundation

/// Why a schedule could not be built.
public enum ScheduleError: Error, Sendable, Hashable {
    /// The expression at `index` (0-based, in the order written) does not parse; the wrapped error
    /// carries the column within that expression.
    case invalidCron(index: Int, CronParseError)
    /// `.cron([])`: a cron schedule needs at least one expression.
    case noExpressions
    /// `every:` shorter than one second (zero and negative included).
    case intervalTooShort(Duration)
    /// `every:` with a fraction of a second, such as `1500ms`.
    case intervalNotWholeSeconds(Duration)
    /// A time zone name that is not a known IANA identifier.
    case unknownTimeZone(String)

    public var message: String {
        switch self {
        case .invalidCron(_, let error):
            return error.message
        case .noExpressions:
            return "schedule needs at least one cron expression"
        case .intervalTooShort(let interval):
            return "schedule interval \(Self.format(interval)) is too short: the minimum is 1s"
        case .intervalNotWholeSeconds(let interval):
            return "schedule interval \(Self.format(interval)) must be a whole number of seconds"
        case .unknownTimeZone(let name):
            return "unknown time zone '\(name)': expected an IANA name such as UTC, Europe/London or America/New_York"
        }
    }

    /// For a cron error, its 1-based column within the expression; nil for the other cases.
    public var column: Int? {
        if case .invalidCron(_, let error) = self { return error.column }
        return nil
    }

    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
    }
}

extension ScheduleError: LocalizedError {
    public var errorDescription: String? { message }
}

extension ScheduleError: CustomStringConvertible {
    public var description: String { message }
}
