/// Numbers shown with exactly three decimals (`1.5` → `1.500`), as lag seconds and rates are in
/// run outputs and API replies.
public enum DecimalText {
    public static func threeDecimals(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let magnitude = thousandths.magnitude
        let fraction = String(magnitude % 1000)
        return (thousandths < 0 ? "-" : "") + "\(magnitude / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
