import Foundation

/// A compiled date-time pattern such as `M/d/yyyy H:mm`, parsed to microseconds of local wall time.
///
/// Tokens: `yyyy` (4 digits), `M`/`d`/`H`/`m`/`s` (1 or 2 digits), `MM`/`dd`/`HH`/`mm`/`ss`
/// (exactly 2 digits); `'...'` quotes literal letters (`yyyy-MM-dd'T'HH:mm`); any other
/// non-letter character must appear as is. Values are checked (month 1-12, real day of month,
/// hour 0-23, minute and second 0-59); blanks around the whole value are ignored.
public struct DatePattern: Sendable, Equatable {
    enum Field: Sendable, Equatable { case year, month, day, hour, minute, second }

    enum Element: Sendable, Equatable {
        case number(Field, minDigits: Int, maxDigits: Int)
        case literal(UInt8)
    }

    public let pattern: String
    let elements: [Element]

    /// The default format of the Online Retail export.
    public static let retailDefault = "M/d/yyyy H:mm"
    /// ISO forms accepted in addition to the configured format.
    public static let isoFallbacks = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"]

    /// Compiles `pattern`; throws `DatePatternError.invalid` for unknown letters or unclosed quotes.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        var elements: [Element] = []
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "'" {
                guard let close = scalars[(i + 1)...].firstIndex(of: "'") else {
                    throw DatePatternError.invalid(pattern: pattern, detail: "unclosed quote")
                }
                for literal in scalars[(i + 1)..<close] {
                    guard literal.isASCII else {
                        throw DatePatternError.invalid(pattern: pattern, detail: "non-ascii literal")
                    }
                    elements.append(.literal(UInt8(literal.value)))
                }
                i = close + 1
                continue
            }
            var run = 1
            while i + run < scalars.count && scalars[i + run] == scalar { run += 1 }
            let letter = scalar.properties.isAlphabetic
            if !letter {
                guard scalar.isASCII else {
                    throw DatePatternError.invalid(pattern: pattern, detail: "non-ascii character \(scalar)")
                }
                for _ in 0..<run { elements.append(.literal(UInt8(scalar.value))) }
                i += run
                continue
            }
            let field: Field
            switch scalar {
            case "y": field = .year
            case "M": field = .month
            case "d": field = .day
            case "H": field = .hour
            case "m": field = .minute
            case "s": field = .second
            default:
                throw DatePatternError.invalid(pattern: pattern, detail: "unknown letter \(scalar)")
            }
            switch (field, run) {
            case (.year, 4): elements.append(.number(.year, minDigits: 4, maxDigits: 4))
            case (.year, _): throw DatePatternError.invalid(pattern: pattern, detail: "year must be yyyy")
            case (_, 1): elements.append(.number(field, minDigits: 1, maxDigits: 2))
            case (_, 2): elements.append(.number(field, minDigits: 2, maxDigits: 2))
            default: throw DatePatternError.invalid(pattern: pattern, detail: "too many \(scalar) letters")
            }
            i += run
        }
        guard elements.contains(.number(.year, minDigits: 4, maxDigits: 4)),
              elements.contains(where: { if case .number(.month, _, _) = $0 { return true }; return false }),
              elements.contains(where: { if case .number(.day, _, _) = $0 { return true }; return false }) else {
            throw DatePatternError.invalid(pattern: pattern, detail: "needs yyyy, M and d")
        }
        self.elements = elements
    }

    /// Microseconds since 1970-01-01T00:00 of the wall time in `text`, or nil when it does not match.
    public func microseconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var lower = 0
        var upper = text.count
        while lower < upper && (text[lower] == 32 || text[lower] == 9) { lower += 1 }
        while upper > lower && (text[upper - 1] == 32 || text[upper - 1] == 9) { upper -= 1 }
        var position = lower
        var values = (year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0)
        for element in elements {
            switch element {
            case .literal(let byte):
                guard position < upper && text[position] == byte else { return nil }
                position += 1
            case .number(let field, let minDigits, let maxDigits):
                var value = 0
                var digits = 0
                while digits < maxDigits && position < upper && text[position] >= 48 && text[position] <= 57 {
                    value = value * 10 + Int(text[position] - 48)
                    digits += 1
                    position += 1
                }
                guard digits >= minDigits else { return nil }
                switch field {
                case .year: values.year = value
                case .month: values.month = value
                case .day: values.day = value
                case .hour: values.hour = value
                case .minute: values.minute = value
                case .second: values.second = value
                }
            }
        }
        guard position == upper,
              (1...12).contains(values.month),
              values.day >= 1, values.day <= CivilDate.daysInMonth(year: values.year, month: values.month),
              (0...23).contains(values.hour), (0...59).contains(values.minute), (0...59).contains(values.second)
        else { return nil }
        let days = Int64(CivilDate.days(year: values.year, month: values.month, day: values.day))
        let seconds = Int64(values.hour * 3_600 + values.minute * 60 + values.second)
        return days * CivilDate.microsPerDay + seconds * 1_000_000
    }

    /// Convenience for strings.
    public func microseconds(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { microseconds($0) }
    }
}
