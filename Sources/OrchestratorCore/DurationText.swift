/// Parses and prints durations written like `500ms`, `5s`, `10m`, `2h`, `1d`, or combined `1h30m`.
public enum DurationText {
    /// The longest duration accepted anywhere: 10 years, written `3650d`.
    public static let maximum: Duration = .seconds(3650 * 86_400)

    /// The duration `text` stands for, or nil when it is not a duration or is longer than ``maximum``.
    public static func parse(_ text: String) -> Duration? {
        try? read(text)
    }

    /// The duration `text` stands for; throws when it is not a duration or is longer than
    /// ``maximum``. Never traps, whatever the numbers.
    public static func read(_ text: String) throws(DurationError) -> Duration {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw .malformed(text) }
        let limit = maximum.milliseconds
        var total: Int64 = 0  // milliseconds, at most `limit`
        var number: Int64 = 0
        var digits = 0
        var tooLong = false
        var chars = Array(trimmed)[...]
        while let char = chars.first {
            if let digit = char.wholeNumberValue, char.isASCII {
                // Past the limit the number only has to be read to the end, not kept.
                if number <= limit { number = number * 10 + Int64(digit) } else { tooLong = true }
                digits += 1
                chars = chars.dropFirst()
                continue
            }
            guard digits > 0 else { throw .malformed(text) }
            var unit = ""
            while let letter = chars.first, letter.isLetter {
                unit.append(letter)
                chars = chars.dropFirst()
            }
            guard let millis = unitMilliseconds[unit] else { throw .malformed(text) }
            let (part, overflow) = number.multipliedReportingOverflow(by: millis)
            if overflow || part > limit - total { tooLong = true } else { total += part }
            number = 0
            digits = 0
        }
        guard digits == 0 else { throw .malformed(text) }  // a trailing number without a unit
        if tooLong { throw .tooLong(text) }
        return .milliseconds(total)
    }

    static let unitMilliseconds: [String: Int64] = [
        "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000,
    ]

    /// A short human form: `850ms`, `12.3s`, `4m05s`, `2h10m`.
    public static func format(_ duration: Duration) -> String {
        let millis = duration.milliseconds
        if millis < 1000 { return "\(millis)ms" }
        if millis < 60_000 {
            let tenths = millis / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = millis / 1000
        if seconds < 3600 {
            return "\(seconds / 60)m" + pad2(seconds % 60) + "s"
        }
        return "\(seconds / 3600)h" + pad2((seconds % 3600) / 60) + "m"
    }

    static func pad2(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Duration {
    /// Whole milliseconds, rounded down; saturates at `Int64.min` and `Int64.max` instead of trapping.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return sumOverflow ? (seconds < 0 ? .min : .max) : sum
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    public func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
