/// An exact amount of money, fixed-point with three decimals: `Money(thousandths: 2550)` is 2.550.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Number of decimals kept.
    public static let scale = 3
    /// 10^scale.
    public static let unit: Int64 = 1000

    public var thousandths: Int64

    public init(thousandths: Int64) { self.thousandths = thousandths }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.thousandths < rhs.thousandths }

    /// Parses `12`, `-3.5`, `2.550`, `.5`. Returns nil for anything else, or for more than 3 decimals
    /// (see `parseDetailed` to tell the two apart).
    public init?(_ text: Substring) {
        guard case .value(let money) = Money.parseDetailed(text) else { return nil }
        self = money
    }

    public enum ParseResult: Sendable, Equatable {
        case value(Money)
        case tooPrecise
        case invalid
    }

    /// Parses a plain decimal number; more than 3 significant decimals gives `.tooPrecise`
    /// (trailing zeros beyond the third decimal are accepted: `1.2500` is 1.250).
    public static func parseDetailed(_ text: Substring) -> ParseResult {
        var utf8 = text.utf8[...]
        guard !utf8.isEmpty else { return .invalid }
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var decimals = 0
        var digits = 0
        var seenPoint = false
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
                    return .tooPrecise
                }
            } else {
                if whole > (Int64.max / 10 - 10) / unit { return .invalid }
                whole = whole * 10 + digit
            }
        }
        guard digits > 0 else { return .invalid }
        while decimals < scale { fraction *= 10; decimals += 1 }
        let value = whole * unit + fraction
        return .value(Money(thousandths: negative ? -value : value))
    }

    /// `2.550`, `-0.010`: always three decimals.
    public var description: String {
        let magnitude = thousandths.magnitude
        let whole = magnitude / UInt64(Money.unit)
        let fraction = magnitude % UInt64(Money.unit)
        let fractionText = String(fraction)
        let padded = String(repeating: "0", count: Money.scale - fractionText.count) + fractionText
        return (thousandths < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
