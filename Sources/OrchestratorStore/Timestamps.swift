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
        let fraction = (millis % 1000 + 1000) % 1000  // never `seconds * 1000`: that overflows near Int64.min
        var text = ""
        text.reserveCapacity(24)
        for (value, width, separator) in [(Int(parts.tm_year) + 1900, 4, "-"), (Int(parts.tm_mon) + 1, 2, "-"), (Int(parts.tm_mday), 2, "T"),
                                          (Int(parts.tm_hour), 2, ":"), (Int(parts.tm_min), 2, ":"), (Int(parts.tm_sec), 2, "."),
                                          (Int(fraction), 3, "Z")] {
            if value < 0 { text += "-" }  // the sign before the zeros: year -1 is "-0001"
            let digits = String(value.magnitude)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
            text += separator
        }
        return text
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

    /// The years `parse` accepts.
    public static let years: ClosedRange<Int> = 1970...9999

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` (UTC) into milliseconds: nil unless it is a
    /// real calendar date (no 2026-02-30) in ``years``. Never traps, whatever the numbers.
    public static func parse(_ text: String) -> EpochMillis? {
        let parts = text.split(whereSeparator: { "-T :Z".contains($0) })
        guard parts.count >= 3, parts.count <= 6, parts.allSatisfy({ (1...4).contains($0.count) }) else { return nil }
        let numbers = parts.map { Int($0) }
        guard numbers.allSatisfy({ $0 != nil }) else { return nil }
        let values = numbers.map { $0! } + Array(repeating: 0, count: 6 - numbers.count)
        let (year, month, day) = (values[0], values[1], values[2])
        guard years.contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              values[3] < 24, values[4] < 60, values[5] < 60 else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(values[3])
        fields.tm_min = Int32(values[4])
        fields.tm_sec = Int32(values[5])
        return EpochMillis(timegm(&fields)) * 1000
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
