/// Conversions of the sales timestamps: microseconds since 1970-01-01T00:00 of local wall time.
public enum WallClock {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400 * microsPerSecond

    /// The day number (days since 1970-01-01) containing `micros`, rounding toward the past.
    @inlinable
    public static func day(ofMicros micros: Int64) -> Int {
        let quotient = micros / microsPerDay
        return Int(micros % microsPerDay < 0 ? quotient - 1 : quotient)
    }

    /// Microseconds since the start of the day, 0 ..< `microsPerDay`.
    @inlinable
    public static func timeOfDay(ofMicros micros: Int64) -> Int64 {
        let remainder = micros % microsPerDay
        return remainder < 0 ? remainder + microsPerDay : remainder
    }

    /// The timestamp at `hour:minute:second` on `date`.
    public static func micros(_ date: CalendarDay, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        Int64(date.daysSinceEpoch) * microsPerDay + Int64(hour * 3_600 + minute * 60 + second) * microsPerSecond
    }
}
