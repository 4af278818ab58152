/// An exact amount of money, fixed-point with three decimals: `Money(thousandths: 2550)` is 2.550.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Number of decimals kept.
    public static let scale = 3
    /// 10^scale.
    public static let unit: Int64 = 1000

    public var thousandths: Int64

    public init(thousandths: Int64) { self.thousandths = thousandths }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.thousandths < rhs.thousandths }

    /// Parses `12`, `-3.5`, `2.550`, `.5`. Returns nil for anything else, for more than 3 decimals
    /// or beyond `Money.max` (see `parseDetailed` to tell them apart).
    public init?(_ text: Substring) {
        guard case .value(let money) = Money.parseDetailed(text) else { return nil }
        self = money
    }

    public enum ParseResult: Sendable, Equatable {
        case value(Money)
        case tooPrecise
        /// A well-formed number whose magnitude is above `Money.max`.
        case outOfRange
        case invalid
    }

    /// The largest amount kept: 999,999,999,999,999.999, the largest DECIMAL(18,3) (the output schema).
    public static let max = Money(thousandths: 999_999_999_999_999_999)

    /// Whether the amount fits DECIMAL(18,3): |amount| <= `Money.max`.
    public var isInRange: Bool { thousandths.magnitude <= Money.max.thousandths.magnitude }

    /// Parses a plain decimal number; more than 3 significant decimals gives `.tooPrecise`
    /// (trailing zeros beyond the third decimal are accepted: `1.2500` is 1.250), a magnitude above
    /// `Money.max` gives `.outOfRange`. Never traps, whatever the number of digits.
    public static func parseDetailed(_ text: Substring) -> ParseResult {
        var utf8 = text.utf8[...]
        guard !utf8.isEmpty else { return .invalid }
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        let limit = max.thousandths / unit
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var decimals = 0
        var digits = 0
        var seenPoint = false
        var tooLarge = false
        var tooPrecise = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return .invalid }
                seenPoint = true
                continue
            }
            guard byte >= 48 && byte <= 57 else { return .invalid }
            let digit = Int64(byte - 48)
            digits += 1
            if seenPoint {
                if decimals < scale {
                    fraction = fraction * 10 + digit
                    decimals += 1
                } else if digit != 0 {
                    tooPrecise = true
                }
            } else if !tooLarge {
                // whole stays <= limit (< Int64.max / 10), so the next step cannot overflow.
                whole = whole * 10 + digit
                tooLarge = whole > limit
            }
        }
        guard digits > 0 else { return .invalid }
        if tooLarge { return .outOfRange }
        if tooPrecise { return .tooPrecise }
        while decimals < scale { fraction *= 10; decimals += 1 }
        let value = whole * unit + fraction
        return .value(Money(thousandths: negative ? -value : value))
    }

    /// `2.550`, `-0.010`: always three decimals.
    public var description: String { Money.text(thousandths: Int128(thousandths)) }

    /// An amount in thousandths as an exact decimal with three places, at any magnitude: sums of
    /// amounts that need more than 64 bits are shown the same way.
    public static func text(thousandths: Int128) -> String {
        let magnitude = thousandths.magnitude
        let whole = magnitude / UInt128(Money.unit)
        let fractionText = String(magnitude % UInt128(Money.unit))
        let padded = String(repeating: "0", count: Money.scale - fractionText.count) + fractionText
        return (thousandths < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
