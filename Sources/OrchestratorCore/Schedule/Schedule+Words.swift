extension Schedule {
    /// The zone as workflow files name it: `UTC` (Foundation may call it "GMT"), else the IANA id.
    public var zoneName: String { timeZone == Schedule.utc ? "UTC" : timeZone.identifier }

    /// The schedule as written: the cron expressions joined with "; ", or `every 10s`.
    public var expression: String {
        switch rule {
        case .cron(let expressions): expressions.map(\.source).joined(separator: "; ")
        case .every: description
        }
    }

    /// The schedule in words, for people: `every day at 02:00 Europe/London`,
    /// `every weekday at 06:30 UTC`, `every 15 minutes`, `every 2 seconds`. Expressions with no
    /// plain reading are quoted: `cron '5 4 1-7 * 1' UTC`; several are joined with "; ".
    public var words: String {
        switch rule {
        case .cron(let expressions):
            return expressions.map { Self.words(cron: $0.source) + " " + zoneName }.joined(separator: "; ")
        case .every(let interval):
            let seconds = interval.components.seconds
            for (unit, size) in [("day", 86_400), ("hour", 3_600), ("minute", 60)] where seconds % Int64(size) == 0 {
                return Self.every(seconds / Int64(size), unit)
            }
            return Self.every(seconds, "second")
        }
    }

    static func every(_ count: Int64, _ unit: String) -> String {
        count == 1 ? "every \(unit)" : "every \(count) \(unit)s"
    }

    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// One five-field expression (or macro) in words, without the zone.
    static func words(cron source: String) -> String {
        let text = CronParser.macros[source.lowercased()] ?? source
        let fields = text.split(separator: " ").map(String.init)
        guard fields.count == 5 else { return "cron '\(source)'" }
        let (minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4])
        func number(_ field: String) -> Int? { Int(field) }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        guard month == "*" else { return "cron '\(source)'" }
        if hour == "*", dayOfMonth == "*", dayOfWeek == "*" {
            if minute == "*" { return "every minute" }
            if minute.hasPrefix("*/"), let step = Int(minute.dropFirst(2)) { return every(Int64(step), "minute") }
            if let at = number(minute) { return "every hour at :\(two(at))" }
        }
        if hour.hasPrefix("*/"), let step = Int(hour.dropFirst(2)), let at = number(minute), dayOfMonth == "*", dayOfWeek == "*" {
            return every(Int64(step), "hour") + " at :\(two(at))"
        }
        guard let h = number(hour), let m = number(minute) else { return "cron '\(source)'" }
        let time = "at \(two(h)):\(two(m))"
        switch (dayOfMonth, dayOfWeek) {
        case ("*", "*"):
            return "every day \(time)"
        case ("*", "1-5"), ("*", "MON-FRI"), ("*", "mon-fri"):
            return "every weekday \(time)"
        case ("*", let day):
            if let value = number(day), (0...7).contains(value) { return "every \(dayNames[value]) \(time)" }
        case (let day, "*"):
            if let value = number(day) { return "on day \(value) of every month \(time)" }
        default:
            break
        }
        return "cron '\(source)'"
    }
}
