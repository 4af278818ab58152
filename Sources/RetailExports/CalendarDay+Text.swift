extension CalendarDay {
    /// `yyyy-MM-dd`.
    public var isoText: String { "\(yearMonthText)-\(Self.twoDigits(day))" }

    /// `yyyy-MM`.
    public var yearMonthText: String {
        let digits = String(year.magnitude)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return (year < 0 ? "-" : "") + padded + "-" + Self.twoDigits(month)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
