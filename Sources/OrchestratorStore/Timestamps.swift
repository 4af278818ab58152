import Foundation

/// Converts between the store's epoch milliseconds and text.
public enum Timestamps {
    /// Now, in milliseconds since 1970.
    public static func now() -> EpochMillis {
        EpochMillis((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2026-11-25T12:17:46.123Z`.
    public static func iso8601(_ millis: EpochMillis) -> String {
        let seconds = millis.floorDiv(1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let fraction = millis - seconds * 1000
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(fraction))
    }

    /// `2026-11-25T12:17:46Z`: a whole-second instant, as logical dates of scheduled runs are written.
    public static func iso8601Seconds(_ millis: EpochMillis) -> String {
        String(iso8601(millis).prefix(19)) + "Z"
    }

    /// `2026-11-25 12:17:46` in UTC, for tables.
    public static func short(_ millis: EpochMillis) -> String {
        let text = iso8601(millis)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(8)
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` (UTC) into milliseconds.
    public static func parse(_ text: String) -> EpochMillis? {
        let digits = text.split(whereSeparator: { "-T :Z".contains($0) }).map { Int($0) }
        guard digits.count >= 3, digits.count <= 6, digits.allSatisfy({ $0 != nil }) else { return nil }
        let values = digits.map { $0! } + Array(repeating: 0, count: 6 - digits.count)
        guard (1...12).contains(values[1]), (1...31).contains(values[2]), values[3] < 24, values[4] < 60, values[5] < 60 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(values[0] - 1900)
        parts.tm_mon = Int32(values[1] - 1)
        parts.tm_mday = Int32(values[2])
        parts.tm_hour = Int32(values[3])
        parts.tm_min = Int32(values[4])
        parts.tm_sec = Int32(values[5])
        return EpochMillis(timegm(&parts)) * 1000
    }
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
