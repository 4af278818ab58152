import Testing
@testable import RetailExports

@Suite struct CalendarDayTests {
    @Test(arguments: [
        (0, 1970, 1, 1, 4), (-1, 1969, 12, 31, 3), (14_944, 2010, 12, 1, 3), (15_317, 2011, 12, 9, 5),
        (11_016, 2000, 2, 29, 2), (-719_468, 0, 3, 1, 3),
    ])
    func knownDays(days: Int, year: Int, month: Int, day: Int, weekday: Int) {
        let date = CalendarDay(daysSinceEpoch: days)
        #expect(date == CalendarDay(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        #expect(date.isoWeekday == weekday)
    }

    @Test func roundTripsEveryDayOverCenturies() {
        var previous = CalendarDay(daysSinceEpoch: -200_000)
        var broken: [Int] = []
        for days in -199_999...200_000 {
            let date = CalendarDay(daysSinceEpoch: days)
            if date.daysSinceEpoch != days || !(previous < date) { broken.append(days) }
            previous = date
        }
        #expect(broken.isEmpty)
    }

    @Test func monthBoundsAndText() {
        let date = CalendarDay(year: 2012, month: 2, day: 10)
        #expect(date.firstOfMonth == CalendarDay(year: 2012, month: 2, day: 1))
        #expect(date.lastOfMonth == CalendarDay(year: 2012, month: 2, day: 29))
        #expect(CalendarDay(year: 2011, month: 12, day: 5).lastOfMonth == CalendarDay(year: 2011, month: 12, day: 31))
        #expect(date.isoText == "2012-02-10")
        #expect(date.yearMonthText == "2012-02")
        #expect(date.dateKey == 20_120_210)
        #expect(date.quarter == 1)
    }

    @Test func wallClockRoundsDaysTowardThePast() {
        #expect(WallClock.day(ofMicros: -1) == -1)
        #expect(WallClock.timeOfDay(ofMicros: -1) == WallClock.microsPerDay - 1)
        #expect(WallClock.day(ofMicros: WallClock.microsPerDay) == 1)
    }
}
