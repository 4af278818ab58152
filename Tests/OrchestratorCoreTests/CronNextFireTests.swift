import Foundation
import Testing
@testable import OrchestratorCore

/// Next and previous fire times in UTC, where the wall clock never jumps.
@Suite struct CronNextFireTests {
    /// Expression, instant, the next fire time strictly after it ("nil" for none).
    static let nextFires: [(String, String, String)] = [
        ("0 2 * * *", "2025-01-01T00:00:00Z", "2025-01-01T02:00:00Z"),
        ("0 2 * * *", "2025-01-01T02:00:00Z", "2025-01-02T02:00:00Z"),  // strictly after
        ("0 2 * * *", "2025-01-01T01:59:59Z", "2025-01-01T02:00:00Z"),
        ("0 2 * * *", "2025-12-31T03:00:00Z", "2026-01-01T02:00:00Z"),
        ("* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z"),
        ("* * * * *", "2025-01-01T00:00:30Z", "2025-01-01T00:01:00Z"),
        ("*/15 * * * *", "2025-01-01T00:07:00Z", "2025-01-01T00:15:00Z"),
        ("*/15 * * * *", "2025-01-01T23:45:00Z", "2025-01-02T00:00:00Z"),
        ("10-50/20 * * * *", "2025-01-01T00:31:00Z", "2025-01-01T00:50:00Z"),
        ("10-50/20 * * * *", "2025-01-01T00:50:00Z", "2025-01-01T01:10:00Z"),
        ("0 0 1 * *", "2025-01-31T12:00:00Z", "2025-02-01T00:00:00Z"),
        ("0 0 31 * *", "2025-02-01T00:00:00Z", "2025-03-31T00:00:00Z"),
        ("0 0 31 * *", "2025-03-31T00:00:00Z", "2025-05-31T00:00:00Z"),
        ("0 0 30 * *", "2025-01-30T00:00:00Z", "2025-03-30T00:00:00Z"),
        ("59 23 31 12 *", "2025-12-31T23:59:00Z", "2026-12-31T23:59:00Z"),
        ("0 12 * JAN,jul *", "2025-02-01T00:00:00Z", "2025-07-01T12:00:00Z"),
        ("0 9 * * 1-5", "2025-01-03T10:00:00Z", "2025-01-06T09:00:00Z"),  // Friday -> Monday
        ("0 0 * * MON", "2025-01-01T00:00:00Z", "2025-01-06T00:00:00Z"),
        ("0 0 * * 0", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"),
        ("0 0 * * 7", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"),
        ("@yearly", "2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("@monthly", "2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z"),
        ("@weekly", "2025-06-01T00:00:00Z", "2025-06-08T00:00:00Z"),  // 1 June 2025 is a Sunday
        ("@daily", "2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z"),
        ("@hourly", "2025-06-01T00:59:59Z", "2025-06-01T01:00:00Z"),
        // 29 February: the next leap year, across the skipped 2100.
        ("0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2399-01-01T00:00:00Z", "2400-02-29T00:00:00Z"),
        // Both day fields restricted: either matches (the 13th, or a Friday).
        ("0 0 13 * 5", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00Z"),
        ("0 0 13 * 5", "2025-01-10T00:00:00Z", "2025-01-13T00:00:00Z"),
        ("0 0 13 * FRI", "2025-01-13T00:00:00Z", "2025-01-17T00:00:00Z"),
        ("0 0 13 * *", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00Z"),
        ("0 0 * * 5", "2025-01-10T00:00:00Z", "2025-01-17T00:00:00Z"),
        ("0 0 1 * MON", "2025-01-28T00:00:00Z", "2025-02-01T00:00:00Z"),  // Saturday the 1st
        ("0 0 31 2 MON", "2025-01-28T00:00:00Z", "2025-02-03T00:00:00Z"),  // impossible day, but Mondays
        // A day field starting with `*` is unrestricted: then both must match.
        ("0 0 */10 * 1", "2025-01-01T00:00:00Z", "2025-03-31T00:00:00Z"),  // 1/11/21/31 and a Monday
        ("0 0 * 2 5", "2025-01-01T00:00:00Z", "2025-02-07T00:00:00Z"),
        // Impossible dates.
        ("0 0 31 2 *", "2025-01-01T00:00:00Z", "nil"),
        ("0 0 30 2 *", "2025-01-01T00:00:00Z", "nil"),
        ("0 0 31 4,6,9,11 *", "2025-01-01T00:00:00Z", "nil"),
        // The end of the supported range.
        ("0 0 1 1 *", "9999-06-01T00:00:00Z", "nil"),
        ("59 23 31 12 *", "9999-06-01T00:00:00Z", "9999-12-31T23:59:00Z"),
    ]

    @Test(arguments: nextFires)
    func nextFire(expression: String, after: String, expected: String) throws {
        let schedule = try Schedule(cron: [expression])
        #expect(ScheduleFixture.text(schedule.nextFire(after: ScheduleFixture.date(after))) == expected)
    }

    /// Expression, instant, the last fire time at or before it.
    static let previousFires: [(String, String, String)] = [
        ("0 2 * * *", "2025-01-01T02:00:00Z", "2025-01-01T02:00:00Z"),  // at or before
        ("0 2 * * *", "2025-01-01T01:59:59Z", "2024-12-31T02:00:00Z"),
        ("0 2 * * *", "2025-01-01T00:00:00Z", "2024-12-31T02:00:00Z"),
        ("*/15 * * * *", "2025-01-01T00:14:59Z", "2025-01-01T00:00:00Z"),
        ("10-50/20 * * * *", "2025-01-01T01:09:00Z", "2025-01-01T00:50:00Z"),
        ("0 0 31 * *", "2025-05-30T00:00:00Z", "2025-03-31T00:00:00Z"),
        ("0 0 29 2 *", "2028-02-28T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2104-01-01T00:00:00Z", "2096-02-29T00:00:00Z"),
        ("0 0 13 * 5", "2025-01-16T00:00:00Z", "2025-01-13T00:00:00Z"),
        ("0 9 * * 1-5", "2025-01-05T12:00:00Z", "2025-01-03T09:00:00Z"),
        ("@yearly", "2025-06-01T00:00:00Z", "2025-01-01T00:00:00Z"),
        ("0 0 31 2 *", "2025-01-01T00:00:00Z", "nil"),
    ]

    @Test(arguments: previousFires)
    func previousFire(expression: String, atOrBefore: String, expected: String) throws {
        let schedule = try Schedule(cron: [expression])
        #expect(ScheduleFixture.text(schedule.previousFire(atOrBefore: ScheduleFixture.date(atOrBefore))) == expected)
    }

    @Test func fractionalSecondsCompareAsInstants() throws {
        let schedule = try Schedule(cron: ["0 2 * * *"])
        let fire = ScheduleFixture.date("2025-01-01T02:00:00Z")
        #expect(schedule.nextFire(after: fire.addingTimeInterval(-0.25)) == fire)
        #expect(schedule.nextFire(after: fire.addingTimeInterval(0.25)) == fire.addingTimeInterval(86_400))
        #expect(schedule.previousFire(atOrBefore: fire.addingTimeInterval(0.25)) == fire)
        #expect(schedule.previousFire(atOrBefore: fire.addingTimeInterval(-0.25)) == fire.addingTimeInterval(-86_400))
        #expect(schedule.previousFire(before: fire) == fire.addingTimeInterval(-86_400))
        #expect(schedule.previousFire(before: fire.addingTimeInterval(0.25)) == fire)
        #expect(schedule.isFire(fire))
        #expect(!schedule.isFire(fire.addingTimeInterval(0.25)))
        #expect(!schedule.isFire(fire.addingTimeInterval(60)))
    }

    @Test func severalExpressionsFireAtTheUnionOfTheirTimes() throws {
        let schedule = try Schedule(cron: ["0 2 * * 1-5", "30 6 * * 6", "0 2 * * MON"])
        let fires = schedule.fires(after: ScheduleFixture.date("2025-01-01T00:00:00Z"),
                                   through: ScheduleFixture.date("2025-01-08T23:59:59Z"))
        #expect(fires.map(ScheduleFixture.text) == [
            "2025-01-01T02:00:00Z", "2025-01-02T02:00:00Z", "2025-01-03T02:00:00Z",
            "2025-01-04T06:30:00Z", "2025-01-06T02:00:00Z", "2025-01-07T02:00:00Z",
            "2025-01-08T02:00:00Z",
        ])
        #expect(schedule.previousFire(atOrBefore: ScheduleFixture.date("2025-01-05T12:00:00Z"))
            == ScheduleFixture.date("2025-01-04T06:30:00Z"))
    }

    @Test func anImpossibleExpressionInAUnionIsIgnored() throws {
        let schedule = try Schedule(cron: ["0 0 31 2 *", "0 12 * * *"])
        #expect(schedule.nextFire(after: ScheduleFixture.date("2025-01-01T00:00:00Z"))
            == ScheduleFixture.date("2025-01-01T12:00:00Z"))
    }

    @Test func firesFromIncludesTheStartAndFiresAfterExcludesIt() throws {
        let schedule = try Schedule(cron: ["0 * * * *"])
        let start = ScheduleFixture.date("2025-01-01T00:00:00Z")
        let end = ScheduleFixture.date("2025-01-01T03:00:00Z")
        #expect(Array(schedule.fires(from: start, through: end)).count == 4)
        #expect(Array(schedule.fires(after: start, through: end)).count == 3)
        #expect(Array(schedule.fires(after: end, through: start)).isEmpty)
    }

    @Test func leapDaySearchJumpsOverYears() throws {
        // 0 0 29 2 * from just after one leap day needs 4 years; 2100 is not a leap year.
        let schedule = try Schedule(cron: ["0 0 29 2 *"], timeZone: "Europe/London")
        var fire = ScheduleFixture.date("2000-03-01T00:00:00Z")
        var years: [Int] = []
        for _ in 0..<30 {
            guard let next = schedule.nextFire(after: fire) else { break }
            fire = next
            years.append(ScheduleFixture.utcCalendar.component(.year, from: next))
        }
        #expect(years.count == 30)
        #expect(years.first == 2004)
        #expect(!years.contains(2100))
        #expect(years.contains(2096) && years.contains(2104))
    }

    @Test func wallSearchEndsForImpossibleExpressionsEvenWithoutTheQuickCheck() throws {
        let impossible = try CronExpression("0 0 31 2 *")
        let start = WallMinute(year: 2025, month: 1, day: 1, hour: 0, minute: 0)
        #expect(impossible.firstMatch(onOrAfter: start, lastYear: 2025 + Schedule.searchYears) == nil)
        #expect(impossible.lastMatch(onOrBefore: start, firstYear: 2025 - Schedule.searchYears) == nil)
    }

    @Test func wallArithmeticAgreesWithFoundation() {
        // From 1583 (Foundation's Gregorian calendar is Julian before October 1582) to 9999.
        for days in stride(from: Int64(-141_000), through: 2_932_000, by: 613) {
            let (year, month, day) = WallMinute.civil(fromDays: days)
            #expect(WallMinute.days(year: year, month: month, day: day) == days)
            let date = Date(timeIntervalSince1970: TimeInterval(days * 86_400))
            let parts = ScheduleFixture.utcCalendar.dateComponents([.year, .month, .day, .weekday], from: date)
            #expect([parts.year, parts.month, parts.day] == [year, month, day])
            #expect(parts.weekday.map { $0 - 1 } == WallMinute.weekday(year: year, month: month, day: day))
        }
        let wall = WallMinute(wallSeconds: -1)
        #expect(wall == WallMinute(year: 1969, month: 12, day: 31, hour: 23, minute: 59))
        #expect(WallMinute(year: 2025, month: 3, day: 30, hour: 1, minute: 30).wallSeconds == 1_743_298_200)
    }

    /// The same instants that the forward search finds, the backward search finds in reverse.
    @Test(arguments: ["0 2 * * *", "*/7 */5 * * *", "0 0 13 * 5", "0 0 29 2 *", "15 10 * * 1-5", "@weekly"])
    func backwardSearchMirrorsForwardSearch(expression: String) throws {
        let schedule = try Schedule(cron: [expression])
        let start = ScheduleFixture.date("2024-01-01T00:00:00Z")
        let end = ScheduleFixture.date(expression == "0 0 29 2 *" ? "2040-01-01T00:00:00Z" : "2024-03-01T00:00:00Z")
        let forward = Array(schedule.fires(after: start, through: end))
        var backward: [Date] = []
        var cursor = end
        while let fire = schedule.previousFire(atOrBefore: cursor), fire > start {
            backward.append(fire)
            cursor = fire.addingTimeInterval(-1)
        }
        #expect(forward == backward.reversed())
        #expect(!forward.isEmpty)
    }
}
