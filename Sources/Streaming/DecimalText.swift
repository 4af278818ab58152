import Foundation
import RetailData

/// Numbers shown with exactly three decimals (`1.5` → `1.500`), as lag seconds and rates are in
/// run outputs and API replies.
public enum DecimalText {
    /// `value` rounded to thousandths. Never traps: a value past 64-bit thousandths is printed by
    /// the C library (exactly: such a Double is a whole number), and one that is not finite, which
    /// no caller produces, as `0.000`.
    public static func threeDecimals(_ value: Double) -> String {
        guard value.isFinite else { return "0.000" }
        guard let thousandths = Int64(exactly: (value * 1000).rounded()) else { return String(format: "%.3f", value) }
        return Money.text(thousandths: Int128(thousandths))
    }
}
