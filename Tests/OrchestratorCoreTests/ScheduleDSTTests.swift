import Foundation
import Testing
@testable import OrchestratorCore

/// Cron schedules on the days the clocks change. In 2025:
/// - Europe/London springs forward on 30 March at 01:00 GMT (to 02:00 BST, 01:00 UTC) and falls
///   back on 26 October at 02:00 BST (to 01:00 GMT, 01:00 UTC);
/// - America/New_York springs forward on 9 March at 02:00 EST (to 03:00 EDT, 07:00 UTC) and falls
///   back on 2 November at 02:00 EDT (to 01:00 EST, 06:00 UTC).
@Suite struct ScheduleDSTTests {
    /// Zone, expression, instant, the next fire time strictly after it.
    static let nextFires: [(String, String, String, String)] = [
        // London, spring forward: 01:00-01:59 do not exist.
        ("Europe/London", "30 1 * * *", "2025-03-28T12:00:00Z", "2025-03-29T01:30:00Z"),
        ("Europe/London", "30 1 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z"),  // 02:00 BST
        ("Europe/London", "30 1 * * *", "2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z"),  // 01:30 BST
        ("Europe/London", "0 1 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z"),
        ("Europe/London", "59 1 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z"),
        ("Europe/London", "0 2 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z"),
        ("Europe/London", "30 2 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:30:00Z"),  // 02:30 BST exists
        ("Europe/London", "30 2 * * *", "2025-03-28T12:00:00Z", "2025-03-29T02:30:00Z"),
        // London, fall back: 01:00-01:59 happen twice; the first (BST) one fires.
        ("Europe/London", "30 1 * * *", "2025-10-25T12:00:00Z", "2025-10-26T00:30:00Z"),  // 01:30 BST
        ("Europe/London", "30 1 * * *", "2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"),  // not 01:30 GMT
        ("Europe/London", "30 1 * * *", "2025-10-26T01:15:00Z", "2025-10-27T01:30:00Z"),
        ("Europe/London", "0 1 * * *", "2025-10-25T12:00:00Z", "2025-10-26T00:00:00Z"),
        ("Europe/London", "0 1 * * *", "2025-10-26T00:00:00Z", "2025-10-27T01:00:00Z"),
        ("Europe/London", "0 2 * * *", "2025-10-25T12:00:00Z", "2025-10-26T02:00:00Z"),
        ("Europe/London", "30 2 * * *", "2025-10-24T12:00:00Z", "2025-10-25T01:30:00Z"),
        ("Europe/London", "30 2 * * *", "2025-10-25T12:00:00Z", "2025-10-26T02:30:00Z"),
        ("Europe/London", "30 0 * * *", "2025-10-25T12:00:00Z", "2025-10-25T23:30:00Z"),
        // New York, spring forward: 02:00-02:59 do not exist.
        ("America/New_York", "30 2 * * *", "2025-03-07T12:00:00Z", "2025-03-08T07:30:00Z"),  // 02:30 EST
        ("America/New_York", "30 2 * * *", "2025-03-08T12:00:00Z", "2025-03-09T07:00:00Z"),  // 03:00 EDT
        ("America/New_York", "30 2 * * *", "2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z"),  // 02:30 EDT
        ("America/New_York", "30 1 * * *", "2025-03-08T12:00:00Z", "2025-03-09T06:30:00Z"),
        ("America/New_York", "0 3 * * *", "2025-03-08T12:00:00Z", "2025-03-09T07:00:00Z"),
        ("America/New_York", "30 3 * * *", "2025-03-08T12:00:00Z", "2025-03-09T07:30:00Z"),
        // New York, fall back: 01:00-01:59 happen twice; the first (EDT) one fires.
        ("America/New_York", "30 1 * * *", "2025-10-31T12:00:00Z", "2025-11-01T05:30:00Z"),
        ("America/New_York", "30 1 * * *", "2025-11-01T12:00:00Z", "2025-11-02T05:30:00Z"),  // 01:30 EDT
        ("America/New_York", "30 1 * * *", "2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"),  // not 01:30 EST
        ("America/New_York", "30 1 * * *", "2025-11-02T06:10:00Z", "2025-11-03T06:30:00Z"),
        ("America/New_York", "30 2 * * *", "2025-10-31T12:00:00Z", "2025-11-01T06:30:00Z"),  // 02:30 EDT
        ("America/New_York", "30 2 * * *", "2025-11-01T12:00:00Z", "2025-11-02T07:30:00Z"),  // 02:30 EST
        // Several expressions naming the same instant fire once.
        ("Europe/London", "30 1 * * *|0 2 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z"),
        ("Europe/London", "30 1 * * *|0 2 * * *", "2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z"),
    ]

    @Test(arguments: nextFires)
    func nextFire(zone: String, expressions: String, after: String, expected: String) throws {
        let schedule = try ScheduleFixture.schedule(expressions, zone)
        #expect(ScheduleFixture.text(schedule.nextFire(after: ScheduleFixture.date(after))) == expected)
    }

    /// Zone, expression, instant, the last fire time at or before it.
    static let previousFires: [(String, String, String, String)] = [
        ("Europe/London", "30 1 * * *", "2025-03-30T12:00:00Z", "2025-03-30T01:00:00Z"),
        ("Europe/London", "30 1 * * *", "2025-03-30T01:00:00Z", "2025-03-30T01:00:00Z"),
        ("Europe/London", "30 1 * * *", "2025-03-30T00:59:59Z", "2025-03-29T01:30:00Z"),
        ("Europe/London", "30 1 * * *", "2025-10-26T01:45:00Z", "2025-10-26T00:30:00Z"),  // 01:45 GMT, second pass
        ("Europe/London", "30 1 * * *", "2025-10-26T01:30:00Z", "2025-10-26T00:30:00Z"),  // 01:30 GMT itself
        ("Europe/London", "30 1 * * *", "2025-10-26T00:29:59Z", "2025-10-25T00:30:00Z"),
        ("Europe/London", "0 * * * *", "2025-10-26T01:59:59Z", "2025-10-26T00:00:00Z"),
        ("Europe/London", "*/30 * * * *", "2025-10-26T01:45:00Z", "2025-10-26T00:30:00Z"),
        ("Europe/London", "*/30 * * * *", "2025-10-26T02:00:00Z", "2025-10-26T02:00:00Z"),
        ("America/New_York", "30 2 * * *", "2025-03-09T07:00:00Z", "2025-03-09T07:00:00Z"),
        ("America/New_York", "30 2 * * *", "2025-03-09T06:59:59Z", "2025-03-08T07:30:00Z"),
        ("America/New_York", "30 1 * * *", "2025-11-02T06:59:00Z", "2025-11-02T05:30:00Z"),  // 01:59 EST
        ("America/New_York", "30 1 * * *", "2025-11-02T07:00:00Z", "2025-11-02T05:30:00Z"),
    ]

    @Test(arguments: previousFires)
    func previousFire(zone: String, expressions: String, atOrBefore: String, expected: String) throws {
        let schedule = try ScheduleFixture.schedule(expressions, zone)
        #expect(ScheduleFixture.text(schedule.previousFire(atOrBefore: ScheduleFixture.date(atOrBefore))) == expected)
    }

    /// Zone, expression, range (after, through], every fire time in it.
    static let sequences: [(String, String, String, String, [String])] = [
        // Spring forward: every real hour fires once (01:00 GMT is skipped and becomes 02:00 BST).
        ("Europe/London", "0 * * * *", "2025-03-29T23:30:00Z", "2025-03-30T03:30:00Z",
         ["2025-03-30T00:00:00Z", "2025-03-30T01:00:00Z", "2025-03-30T02:00:00Z", "2025-03-30T03:00:00Z"]),
        ("Europe/London", "*/30 * * * *", "2025-03-29T23:45:00Z", "2025-03-30T02:15:00Z",
         ["2025-03-30T00:00:00Z", "2025-03-30T00:30:00Z", "2025-03-30T01:00:00Z", "2025-03-30T01:30:00Z",
          "2025-03-30T02:00:00Z"]),
        // Fall back: the repeated hour (01:00-01:59 GMT, 01:00-01:59 UTC) does not fire again.
        ("Europe/London", "0 * * * *", "2025-10-25T22:30:00Z", "2025-10-26T03:30:00Z",
         ["2025-10-25T23:00:00Z", "2025-10-26T00:00:00Z", "2025-10-26T02:00:00Z", "2025-10-26T03:00:00Z"]),
        ("Europe/London", "*/30 * * * *", "2025-10-25T23:45:00Z", "2025-10-26T02:45:00Z",
         ["2025-10-26T00:00:00Z", "2025-10-26T00:30:00Z", "2025-10-26T02:00:00Z", "2025-10-26T02:30:00Z"]),
        ("America/New_York", "0 * * * *", "2025-03-09T04:30:00Z", "2025-03-09T08:30:00Z",
         ["2025-03-09T05:00:00Z", "2025-03-09T06:00:00Z", "2025-03-09T07:00:00Z", "2025-03-09T08:00:00Z"]),
        ("America/New_York", "*/30 * * * *", "2025-03-09T05:45:00Z", "2025-03-09T07:45:00Z",
         ["2025-03-09T06:00:00Z", "2025-03-09T06:30:00Z", "2025-03-09T07:00:00Z", "2025-03-09T07:30:00Z"]),
        ("America/New_York", "0 * * * *", "2025-11-02T03:30:00Z", "2025-11-02T08:30:00Z",
         ["2025-11-02T04:00:00Z", "2025-11-02T05:00:00Z", "2025-11-02T07:00:00Z", "2025-11-02T08:00:00Z"]),
        ("America/New_York", "*/30 * * * *", "2025-11-02T04:45:00Z", "2025-11-02T07:45:00Z",
         ["2025-11-02T05:00:00Z", "2025-11-02T05:30:00Z", "2025-11-02T07:00:00Z", "2025-11-02T07:30:00Z"]),
        // Daily schedules across both changes.
        ("Europe/London", "30 1 * * *", "2025-03-28T12:00:00Z", "2025-03-31T12:00:00Z",
         ["2025-03-29T01:30:00Z", "2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z"]),
        ("Europe/London", "30 1 * * *", "2025-10-24T12:00:00Z", "2025-10-27T12:00:00Z",
         ["2025-10-25T00:30:00Z", "2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"]),
        ("America/New_York", "30 2 * * *", "2025-03-07T12:00:00Z", "2025-03-10T12:00:00Z",
         ["2025-03-08T07:30:00Z", "2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z"]),
        ("America/New_York", "30 1 * * *", "2025-10-31T12:00:00Z", "2025-11-03T12:00:00Z",
         ["2025-11-01T05:30:00Z", "2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"]),
        // Local midnight every day keeps to the wall clock: 00:00 BST is 23:00 UTC the day before.
        ("Europe/London", "@daily", "2025-03-28T12:00:00Z", "2025-04-01T12:00:00Z",
         ["2025-03-29T00:00:00Z", "2025-03-30T00:00:00Z", "2025-03-30T23:00:00Z", "2025-03-31T23:00:00Z"]),
    ]

    @Test(arguments: sequences)
    func firesAcrossTheChange(zone: String, expression: String, after: String, through: String, expected: [String]) throws {
        let schedule = try ScheduleFixture.schedule(expression, zone)
        let fires = schedule.fires(after: ScheduleFixture.date(after), through: ScheduleFixture.date(through))
        #expect(fires.map(ScheduleFixture.text) == expected)
    }

    /// Zone and a three-day window containing an offset change.
    static let windows: [(String, String)] = [
        ("Europe/London", "2025-03-29T00:00:00Z"), ("Europe/London", "2025-10-25T00:00:00Z"),
        ("America/New_York", "2025-03-08T00:00:00Z"), ("America/New_York", "2025-11-01T00:00:00Z"),
        // Southern hemisphere: back in April, forward in October.
        ("Australia/Sydney", "2025-04-05T00:00:00Z"), ("Australia/Sydney", "2025-10-04T00:00:00Z"),
        // A 30-minute daylight saving shift.
        ("Australia/Lord_Howe", "2025-04-05T00:00:00Z"), ("Australia/Lord_Howe", "2025-10-04T00:00:00Z"),
        // Changes at local midnight: midnight is skipped or repeated.
        ("America/Santiago", "2025-04-05T00:00:00Z"), ("America/Santiago", "2025-09-06T00:00:00Z"),
        // A standard-offset change (+04 to +03) rather than daylight saving.
        ("Europe/Moscow", "2014-10-25T00:00:00Z"),
        // Samoa skipped the whole of 30 December 2011 (-10 to +14).
        ("Pacific/Apia", "2011-12-29T00:00:00Z"),
    ]

    static let oracleExpressions = [
        "* * * * *", "*/30 * * * *", "0 * * * *", "30 1 * * *", "30 2 * * *", "0 0 * * *",
        "15,45 0-3 * * *", "59 23 * * *", "30 0 * * *", "0 12 * * *", "0 1 30 * *|0 1 * * 5",
    ]

    /// Checks the search against a brute-force reading of the wall clock, one real minute at a
    /// time: a minute fires when its reading matches and was not shown before, or when the clock
    /// jumped over a matching reading to get there.
    @Test(arguments: windows)
    func matchesABruteForceWalkOfTheWallClock(zone: String, windowStart: String) throws {
        let start = ScheduleFixture.date(windowStart)
        let end = start.addingTimeInterval(3 * 86_400)
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(timeZone.secondsFromGMT(for: start) != timeZone.secondsFromGMT(for: end), "no change in window")
        for expressions in Self.oracleExpressions {
            let schedule = try ScheduleFixture.schedule(expressions, zone)
            let expected = ScheduleFixture.bruteForceFires(of: schedule, from: start, to: end)
            let found = Array(schedule.fires(from: start, through: end.addingTimeInterval(-1)))
            if found != expected {
                let extra = found.filter { !expected.contains($0) }.map(ScheduleFixture.text)
                let missing = expected.filter { !found.contains($0) }.map(ScheduleFixture.text)
                Issue.record("\(expressions) in \(zone): extra \(extra), missing \(missing)")
            }

            var backward: [Date] = []
            var cursor = end.addingTimeInterval(-1)
            while let fire = schedule.previousFire(atOrBefore: cursor), fire >= start {
                backward.append(fire)
                cursor = fire.addingTimeInterval(-1)
            }
            #expect(backward.reversed() == found, "backward \(expressions) in \(zone)")
        }
    }

    @Test func everyQueryInstantAgreesWithTheFireList() throws {
        // For each instant, minute by minute and at odd seconds, nextFire and previousFire must
        // bracket it with neighbouring entries of the list.
        for (zone, windowStart) in [("Europe/London", "2025-10-25T22:00:00Z"), ("America/New_York", "2025-03-09T04:00:00Z")] {
            let schedule = try ScheduleFixture.schedule("*/20 * * * *|7 1 * * *", zone)
            let start = ScheduleFixture.date(windowStart)
            let fires = Array(schedule.fires(from: start.addingTimeInterval(-3600), through: start.addingTimeInterval(6 * 3600)))
            for step in 0..<(4 * 60 * 2) {
                let instant = start.addingTimeInterval(Double(step) * 30 + (step % 3 == 0 ? 0.5 : 0))
                let next = try #require(schedule.nextFire(after: instant))
                let previous = try #require(schedule.previousFire(atOrBefore: instant))
                let index = try #require(fires.firstIndex(of: next), "\(ScheduleFixture.text(next)) not listed")
                #expect(next > instant && previous <= instant)
                #expect(fires[index - 1] == previous, "at \(ScheduleFixture.text(instant))")
            }
        }
    }
}
