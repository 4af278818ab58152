/// Exact decimal text ⇄ integer thousandths, for money columns (`NUMERIC(18,3)`). No floating point.
public enum MoneyText {
    /// Parses `-12.5`, `15.000`, `7` into thousandths; nil for anything else, or more than 3 decimals.
    public static func thousandths<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int128? {
        var value: Int128 = 0
        var negative = false
        var decimals = -1
        var digits = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x2D where index == 0: negative = true
            case 0x2B where index == 0: break
            case 0x2E where decimals < 0: decimals = 0
            case 0x30...0x39:
                if decimals >= 0 { decimals += 1; guard decimals <= 3 else { return nil } }
                digits += 1
                guard digits <= 30 else { return nil }
                value = value * 10 + Int128(byte - 0x30)
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        for _ in 0..<(3 - max(decimals, 0)) { value *= 10 }
        return negative ? -value : value
    }

    /// `thousandths` as `-123.450`.
    public static func text(_ thousandths: Int128) -> String {
        let magnitude = thousandths.magnitude
        let fraction = String(magnitude % 1000)
        return (thousandths < 0 ? "-" : "") + String(magnitude / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
