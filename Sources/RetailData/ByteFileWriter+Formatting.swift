extension ByteFileWriter {
    /// Appends the decimal digits of `value`.
    func appendInteger(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 {
                count -= 1
                append(raw[count])
            }
        }
    }

    /// Appends `value` at least `width` digits wide, zero padded (non-negative values).
    func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        for _ in digits..<max(digits, width) { append(UInt8(ascii: "0")) }
        appendInteger(value)
    }

    /// Appends a price given in thousandths with as few decimals as needed: `18`, `2.1`, `2.55`, `0.001`.
    func appendPrice(thousandths value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = Int(value.magnitude)
        appendInteger(magnitude / 1_000)
        var fraction = magnitude % 1_000
        guard fraction != 0 else { return }
        append(UInt8(ascii: "."))
        var divisor = 100
        while fraction != 0 {
            append(UInt8(truncatingIfNeeded: fraction / divisor) + 48)
            fraction %= divisor
            divisor /= 10
        }
    }

    /// Appends a local time as `M/d/yyyy H:mm`, the Online Retail export format.
    func appendRetailDate(minutes: Int) {
        let day = minutes >= 0 ? minutes / 1_440 : (minutes - 1_439) / 1_440
        let minuteOfDay = minutes - day * 1_440
        let civil = CivilDate.civil(days: day)
        appendInteger(civil.month)
        append(UInt8(ascii: "/"))
        appendInteger(civil.day)
        append(UInt8(ascii: "/"))
        appendInteger(civil.year)
        append(UInt8(ascii: " "))
        appendInteger(minuteOfDay / 60)
        append(UInt8(ascii: ":"))
        appendPadded(minuteOfDay % 60, width: 2)
    }
}
