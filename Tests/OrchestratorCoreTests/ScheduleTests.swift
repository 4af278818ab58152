import Foundation
import Testing
@testable import OrchestratorCore

@Suite struct ScheduleTests {
    // MARK: Building

    @Test func defaultsToUTC() throws {
        let schedule = try Schedule(cron: ["0 2 * * *"])
        #expect(schedule.timeZone == Schedule.utc)
        #expect(schedule.timeZone.secondsFromGMT(for: Date()) == 0)
        #expect(try Schedule(cron: ["0 2 * * *"], timeZone: "Europe/London").timeZone.identifier == "Europe/London")
        #expect(schedule.description == "cron '0 2 * * *' in UTC")
        #expect(try Schedule(cron: ["0 2 * * 1-5", "30 6 * * 6"], timeZone: "America/New_York").description
            == "cron '0 2 * * 1-5', '30 6 * * 6' in America/New_York")
        #expect(try Schedule(every: .seconds(10)).description == "every 10s")
    }

    @Test(arguments: ["Europe/Londn", "Mars/Olympus_Mons", ""])
    func rejectsUnknownTimeZones(name: String) {
        #expect(throws: ScheduleError.unknownTimeZone(name)) { try Schedule(cron: ["0 2 * * *"], timeZone: name) }
        #expect(ScheduleError.unknownTimeZone(name).message
            == "unknown time zone '\(name)': expected an IANA name such as UTC, Europe/London or America/New_York")
    }

    @Test func reportsWhichExpressionIsWrongAndWhere() {
        #expect(throws: ScheduleError.invalidCron(index: 1, .badField(.minute, value: "61", problem: .invalidValue, column: 1))) {
            try Schedule(cron: ["0 2 * * *", "61 * * * *"])
        }
        let error = ScheduleError.invalidCron(index: 0, .badField(.hour, value: "24", problem: .invalidValue, column: 3))
        #expect(error.column == 3)
        #expect(error.message == "bad hour field '24': must be 0-23")
        #expect(error.localizedDescription == "bad hour field '24': must be 0-23")
    }

    @Test func needsAnExpression() {
        #expect(throws: ScheduleError.noExpressions) { try Schedule(cron: []) }
        #expect(throws: ScheduleError.noExpressions) { try Schedule(.cron([])) }
    }

    /// Interval, expected message.
    static let badIntervals: [(Duration, String)] = [
        (.milliseconds(500), "schedule interval 500ms is too short: the minimum is 1s"),
        (.milliseconds(999), "schedule interval 999ms is too short: the minimum is 1s"),
        (.zero, "schedule interval 0s is too short: the minimum is 1s"),
        (.seconds(-5), "schedule interval -5s is too short: the minimum is 1s"),
        (.milliseconds(1500), "schedule interval 1500ms must be a whole number of seconds"),
    ]

    @Test(arguments: badIntervals)
    func rejectsBadIntervals(interval: Duration, message: String) {
        do throws(ScheduleError) {
            _ = try Schedule(every: interval)
            Issue.record("accepted \(interval)")
        } catch {
            #expect(error.message == message)
            #expect(error.column == nil)
        }
    }

    // MARK: Fixed intervals

    /// Interval in seconds, instant, next fire time strictly after it.
    static let intervalFires: [(Int64, String, String)] = [
        (10, "2025-01-01T00:00:00Z", "2025-01-01T00:00:10Z"),
        (10, "2025-01-01T00:00:03Z", "2025-01-01T00:00:10Z"),
        (10, "2025-01-01T00:00:09Z", "2025-01-01T00:00:10Z"),
        (1, "2025-01-01T00:00:00Z", "2025-01-01T00:00:01Z"),
        (60, "2025-01-01T00:00:59Z", "2025-01-01T00:01:00Z"),
        (7, "1970-01-01T00:00:00Z", "1970-01-01T00:00:07Z"),
        (7, "2025-01-01T00:00:00Z", "2025-01-01T00:00:06Z"),  // 1735689600 = 7 * 247955657 + 1
        (3600, "2025-03-30T00:30:00Z", "2025-03-30T01:00:00Z"),  // DST does not matter
        (86_400, "2025-03-30T12:00:00Z", "2025-03-31T00:00:00Z"),
        (10, "1969-12-31T23:59:55Z", "1970-01-01T00:00:00Z"),
    ]

    @Test(arguments: intervalFires)
    func intervalsAreAlignedToTheEpoch(seconds: Int64, after: String, expected: String) throws {
        let schedule = try Schedule(every: .seconds(seconds), timeZone: "Europe/London")
        let next = try #require(schedule.nextFire(after: ScheduleFixture.date(after)))
        #expect(ScheduleFixture.text(next) == expected)
        #expect(Int64(next.timeIntervalSince1970) % seconds == 0)
        #expect(schedule.previousFire(before: next) == next.addingTimeInterval(-Double(seconds)))
        #expect(schedule.previousFire(atOrBefore: next) == next)
        #expect(schedule.isFire(next))
    }

    @Test func intervalFiresComeEveryStep() throws {
        let schedule = try Schedule(every: .seconds(10))
        let start = ScheduleFixture.date("2025-01-01T00:00:05.5Z")
        let fires = Array(schedule.fires(after: start, through: start.addingTimeInterval(60)))
        #expect(fires.map(ScheduleFixture.text) == [
            "2025-01-01T00:00:10Z", "2025-01-01T00:00:20Z", "2025-01-01T00:00:30Z",
            "2025-01-01T00:00:40Z", "2025-01-01T00:00:50Z", "2025-01-01T00:01:00Z",
        ])
        #expect(schedule.previousFire(atOrBefore: start) == ScheduleFixture.date("2025-01-01T00:00:00Z"))
        #expect(!schedule.isFire(start))
    }

    // MARK: Slots and data intervals

    @Test func cronSlotCoversThePreviousFireUpToThisOne() throws {
        let schedule = try Schedule(cron: ["0 2 * * *"])
        let fire = ScheduleFixture.date("2025-01-10T02:00:00Z")
        let slot = try #require(schedule.slot(firingAt: fire))
        #expect(slot.logicalDate == fire)
        #expect(slot.fireDate == fire)
        #expect(slot.dataIntervalEnd == fire)
        #expect(slot.dataIntervalStart == ScheduleFixture.date("2025-01-09T02:00:00Z"))
        #expect(schedule.slot(firingAt: fire.addingTimeInterval(60)) == nil)
        #expect(schedule.nextSlot(after: fire.addingTimeInterval(-1)) == slot)
        #expect(schedule.latestSlot(atOrBefore: fire.addingTimeInterval(3600)) == slot)
    }

    @Test func intervalSlotIsOneStepLong() throws {
        let schedule = try Schedule(every: .seconds(10))
        let slot = try #require(schedule.nextSlot(after: ScheduleFixture.date("2025-01-01T00:00:05Z")))
        #expect(ScheduleFixture.text(slot.fireDate) == "2025-01-01T00:00:10Z")
        #expect(ScheduleFixture.text(slot.dataIntervalStart) == "2025-01-01T00:00:00Z")
    }

    /// Zone, expression, fire time, expected start of its data interval.
    static let intervalsAcrossChanges: [(String, String, String, String)] = [
        ("Europe/London", "30 1 * * *", "2025-03-30T01:00:00Z", "2025-03-29T01:30:00Z"),  // 23.5 hours
        ("Europe/London", "30 1 * * *", "2025-03-31T00:30:00Z", "2025-03-30T01:00:00Z"),  // 23.5 hours
        ("Europe/London", "30 1 * * *", "2025-10-27T01:30:00Z", "2025-10-26T00:30:00Z"),  // 25 hours
        ("Europe/London", "0 * * * *", "2025-10-26T02:00:00Z", "2025-10-26T00:00:00Z"),   // the repeated hour
        ("America/New_York", "0 0 * * *", "2025-03-10T04:00:00Z", "2025-03-09T05:00:00Z"),  // 23 hours
        ("America/New_York", "0 0 * * *", "2025-11-03T05:00:00Z", "2025-11-02T04:00:00Z"),  // 25 hours
        ("UTC", "0 9 * * 1-5", "2025-01-06T09:00:00Z", "2025-01-03T09:00:00Z"),  // Monday's covers the weekend
    ]

    @Test(arguments: intervalsAcrossChanges)
    func dataIntervalsFollowTheWallClock(zone: String, expression: String, fire: String, start: String) throws {
        let schedule = try ScheduleFixture.schedule(expression, zone)
        let slot = try #require(schedule.slot(firingAt: ScheduleFixture.date(fire)))
        #expect(ScheduleFixture.text(slot.dataIntervalStart) == start)
    }

    @Test func catchUpSlotsChainTheirIntervals() throws {
        let schedule = try Schedule(cron: ["0 */6 * * *"], timeZone: "Europe/London")
        let lastFire = ScheduleFixture.date("2025-03-29T12:00:00Z")
        let slots = Array(schedule.slots(after: lastFire, through: ScheduleFixture.date("2025-03-30T12:00:00Z")))
        #expect(slots.map { ScheduleFixture.text($0.fireDate) } == [
            "2025-03-29T18:00:00Z", "2025-03-30T00:00:00Z", "2025-03-30T05:00:00Z", "2025-03-30T11:00:00Z",
        ])
        #expect(slots.first?.dataIntervalStart == lastFire)
        for (earlier, later) in zip(slots, slots.dropFirst()) {
            #expect(later.dataIntervalStart == earlier.dataIntervalEnd)
        }
        #expect(Array(schedule.slots(after: lastFire, through: lastFire)).isEmpty)
    }

    @Test func schedulesAreSendableValues() async throws {
        let schedule = try Schedule(cron: ["*/5 * * * *"], timeZone: "Europe/London")
        let after = ScheduleFixture.date("2025-10-26T00:58:00Z")
        let results = await withTaskGroup(of: Date?.self) { group in
            for _ in 0..<8 { group.addTask { schedule.nextFire(after: after) } }
            return await group.reduce(into: [Date?]()) { $0.append($1) }
        }
        #expect(Set(results) == [ScheduleFixture.date("2025-10-26T02:00:00Z")])
    }
}

/// Helpers shared by the schedule and cron tests.
enum ScheduleFixture {
    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// An instant written in ISO 8601, such as `2025-03-30T01:00:00Z` or `2025-01-01T00:00:05.5Z`.
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        if text.contains(".") { formatter.formatOptions.insert(.withFractionalSeconds) }
        guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }

    /// An instant as `2025-03-30T01:00:00Z`, or `nil`.
    static func text(_ date: Date?) -> String {
        guard let date else { return "nil" }
        return date.formatted(Date.ISO8601FormatStyle())
    }

    /// A cron schedule from expressions separated by `|`.
    static func schedule(_ expressions: String, _ zone: String) throws -> Schedule {
        try Schedule(cron: expressions.split(separator: "|").map(String.init), timeZone: zone)
    }

    /// Fire times in [start, end) found by reading the wall clock at every real minute.
    static func bruteForceFires(of schedule: Schedule, from start: Date, to end: Date) -> [Date] {
        guard case .cron(let expressions) = schedule.rule else { return [] }
        var zoned = Calendar(identifier: .gregorian)
        zoned.timeZone = schedule.timeZone
        let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]

        func reading(at instant: Date) -> DateComponents { zoned.dateComponents(fields, from: instant) }
        // A reading as a point on a uniform axis, so that readings can be compared and stepped.
        func axis(_ reading: DateComponents) -> Date { utcCalendar.date(from: reading)! }
        func matches(_ point: Date) -> Bool {
            let wall = utcCalendar.dateComponents(fields, from: point)
            return expressions.contains {
                $0.matches(year: wall.year!, month: wall.month!, day: wall.day!, hour: wall.hour!, minute: wall.minute!)
            }
        }

        var fires: [Date] = []
        var seen = Set<Date>()
        var previous = axis(reading(at: start.addingTimeInterval(-60)))
        var instant = start
        while instant < end {
            let point = axis(reading(at: instant))
            var fire = seen.insert(point).inserted && matches(point)
            var skipped = previous.addingTimeInterval(60)
            while skipped < point {  // readings the clock jumped over
                if matches(skipped) { fire = true }
                skipped = skipped.addingTimeInterval(60)
            }
            if fire { fires.append(instant) }
            previous = point
            instant = instant.addingTimeInterval(60)
        }
        return fires
    }
}
