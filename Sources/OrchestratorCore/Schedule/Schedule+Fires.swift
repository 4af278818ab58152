import Foundation

extension Schedule {
    /// The first fire time strictly after `instant`, or nil when there is none (an expression that
    /// names no real date, such as `0 0 31 2 *`, or a time past the year 9999).
    ///
    /// Fire times are whole seconds. The search jumps field by field over wall-clock minutes and
    /// looks at most 400 years ahead (the Gregorian calendar repeats every 400 years), so it is
    /// fast even for `0 0 29 2 *` and ends for impossible expressions.
    public func nextFire(after instant: Date) -> Date? {
        guard let second = Self.second(atOrBefore: instant), let fire = nextFire(afterSecond: second) else { return nil }
        return Self.date(fire)
    }

    /// The last fire time at or before `instant`, or nil when there is none.
    public func previousFire(atOrBefore instant: Date) -> Date? {
        guard let second = Self.second(atOrBefore: instant), let fire = lastFire(atOrBeforeSecond: second) else { return nil }
        return Self.date(fire)
    }

    /// The last fire time strictly before `instant`, or nil when there is none.
    public func previousFire(before instant: Date) -> Date? {
        guard let second = Self.second(before: instant), let fire = lastFire(atOrBeforeSecond: second) else { return nil }
        return Self.date(fire)
    }

    /// Whether `instant` is exactly one of the schedule's fire times.
    public func isFire(_ instant: Date) -> Bool {
        guard let second = Self.second(atOrBefore: instant), Double(second) == instant.timeIntervalSince1970 else { return false }
        return nextFire(afterSecond: second - 1) == second
    }

    /// The fire times in (`start`, `end`], in order, computed lazily: what a scheduler that last
    /// fired at `start` has missed by `end`.
    public func fires(after start: Date, through end: Date) -> ScheduleFires {
        ScheduleFires(schedule: self, start: Self.second(atOrBefore: start), end: Self.second(atOrBefore: end))
    }

    /// The fire times in [`start`, `end`], in order, computed lazily.
    public func fires(from start: Date, through end: Date) -> ScheduleFires {
        ScheduleFires(schedule: self, start: Self.second(before: start), end: Self.second(atOrBefore: end))
    }

    /// The slot firing at `fireDate`, or nil when `fireDate` is not a fire time (or is the first
    /// fire time there is, which has no previous one to start its interval).
    public func slot(firingAt fireDate: Date) -> ScheduleSlot? {
        guard isFire(fireDate), let start = previousFire(before: fireDate) else { return nil }
        return ScheduleSlot(fireDate: fireDate, dataIntervalStart: start)
    }

    /// The first slot firing strictly after `instant`.
    public func nextSlot(after instant: Date) -> ScheduleSlot? {
        guard let fire = nextFire(after: instant), let start = previousFire(before: fire) else { return nil }
        return ScheduleSlot(fireDate: fire, dataIntervalStart: start)
    }

    /// The last slot firing at or before `instant`: the one to run when missed slots are not caught
    /// up one by one.
    public func latestSlot(atOrBefore instant: Date) -> ScheduleSlot? {
        guard let fire = previousFire(atOrBefore: instant), let start = previousFire(before: fire) else { return nil }
        return ScheduleSlot(fireDate: fire, dataIntervalStart: start)
    }

    /// The slots firing in (`start`, `end`], in order, computed lazily: the runs to create when
    /// catching up or backfilling after the slot that fired at `start`.
    public func slots(after start: Date, through end: Date) -> ScheduleSlots {
        ScheduleSlots(fires: fires(after: start, through: end))
    }

    // MARK: Whole seconds

    /// Instants handled: years 1 to 9999, so that wall-clock arithmetic and time zone data stay sane.
    static let supportedSeconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// The whole second at or before `instant`. A fire time (a whole second) is after `instant`
    /// exactly when it is after this second, and at or before `instant` exactly when it is at or
    /// before this second.
    static func second(atOrBefore instant: Date) -> Int64? {
        let seconds = instant.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite, Double(supportedSeconds.lowerBound) <= seconds,
            seconds <= Double(supportedSeconds.upperBound)
        else { return nil }
        return Int64(seconds)
    }

    /// The last whole second strictly before `instant`.
    static func second(before instant: Date) -> Int64? {
        let seconds = instant.timeIntervalSince1970.rounded(.up) - 1
        guard seconds.isFinite, Double(supportedSeconds.lowerBound) <= seconds,
            seconds <= Double(supportedSeconds.upperBound)
        else { return nil }
        return Int64(seconds)
    }

    static func date(_ second: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(second))
    }

    // MARK: The search

    func nextFire(afterSecond instant: Int64) -> Int64? {
        guard Self.supportedSeconds.contains(instant) else { return nil }
        let fire: Int64?
        switch rule {
        case .every(let interval):
            let step = interval.components.seconds
            fire = (WallMinute.floorDivide(instant, step) + 1) * step
        case .cron(let expressions):
            let clock = ZoneClock(timeZone: timeZone)
            fire = expressions.compactMap { Self.nextFire(of: $0, after: instant, clock: clock) }.min()
        }
        guard let fire, Self.supportedSeconds.contains(fire) else { return nil }
        return fire
    }

    func lastFire(atOrBeforeSecond instant: Int64) -> Int64? {
        guard Self.supportedSeconds.contains(instant) else { return nil }
        let fire: Int64?
        switch rule {
        case .every(let interval):
            let step = interval.components.seconds
            fire = WallMinute.floorDivide(instant, step) * step
        case .cron(let expressions):
            let clock = ZoneClock(timeZone: timeZone)
            fire = expressions.compactMap { Self.lastFire(of: $0, atOrBefore: instant, clock: clock) }.max()
        }
        guard let fire, Self.supportedSeconds.contains(fire) else { return nil }
        return fire
    }

    /// How many years the wall-clock search looks ahead or back: one Gregorian cycle and a spare.
    static let searchYears = 401

    /// Bounds the retries below; they happen only for wall times read twice after a fall-back,
    /// which the starting point already skips, so this is a guard rather than a limit in use.
    static let maximumRetries = 10_000

    /// The first instant after `instant` that `expression` fires at.
    ///
    /// Mapping a wall time to its instant (see `ZoneClock.instant(forWall:)`) never goes backwards
    /// as the wall time grows, so the answer is the instant of the first matching wall time whose
    /// instant is after `instant`. Every wall time up to the current reading maps to `instant` or
    /// before, so the search starts at the next wall minute, or at the end of a repeated stretch
    /// when `instant` is in its second pass (those readings already fired on the first pass).
    static func nextFire(of expression: CronExpression, after instant: Int64, clock: ZoneClock) -> Int64? {
        guard expression.canEverFire else { return nil }
        var wall = floorMinute(clock.wallSeconds(at: instant)) + 60
        if let end = clock.endOfRepeatedWallTime(containing: instant) {
            wall = max(wall, floorMinute(end + 59))
        }
        var start = WallMinute(wallSeconds: wall)
        let lastYear = start.year + searchYears
        for _ in 0..<maximumRetries {
            guard let match = expression.firstMatch(onOrAfter: start, lastYear: lastYear) else { return nil }
            let fire = clock.instant(forWall: match.wallSeconds)
            if fire > instant { return fire }
            start = WallMinute(wallSeconds: match.wallSeconds + 60)
        }
        return nil
    }

    /// The last instant at or before `instant` that `expression` fires at; the mirror of
    /// `nextFire(of:after:clock:)`.
    static func lastFire(of expression: CronExpression, atOrBefore instant: Int64, clock: ZoneClock) -> Int64? {
        guard expression.canEverFire else { return nil }
        var wall = floorMinute(clock.wallSeconds(at: instant))
        if let end = clock.endOfRepeatedWallTime(containing: instant) {
            // Every reading of the repeated stretch already fired, on its first pass.
            wall = max(wall, floorMinute(end - 1))
        }
        var start = WallMinute(wallSeconds: wall)
        let firstYear = start.year - searchYears
        for _ in 0..<maximumRetries {
            guard let match = expression.lastMatch(onOrBefore: start, firstYear: firstYear) else { return nil }
            let fire = clock.instant(forWall: match.wallSeconds)
            if fire <= instant { return fire }
            start = WallMinute(wallSeconds: match.wallSeconds - 60)
        }
        return nil
    }

    static func floorMinute(_ seconds: Int64) -> Int64 {
        WallMinute.floorDivide(seconds, 60) * 60
    }
}

/// The fire times of a schedule within a range, computed one at a time.
public struct ScheduleFires: Sequence, Sendable {
    let schedule: Schedule
    /// Fires strictly after this second ...
    let start: Int64?
    /// ... and at or before this one.
    let end: Int64?

    public struct Iterator: IteratorProtocol, Sendable {
        let schedule: Schedule
        var last: Int64?
        let end: Int64?

        public mutating func next() -> Date? {
            guard let current = last, let end, let fire = schedule.nextFire(afterSecond: current), fire <= end else {
                last = nil
                return nil
            }
            last = fire
            return Schedule.date(fire)
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(schedule: schedule, last: start, end: end)
    }
}

/// The slots of a schedule within a range, computed one at a time.
public struct ScheduleSlots: Sequence, Sendable {
    let fires: ScheduleFires

    public struct Iterator: IteratorProtocol, Sendable {
        var fires: ScheduleFires.Iterator
        var previous: Date?
        var started = false

        public mutating func next() -> ScheduleSlot? {
            while let fire = fires.next() {
                if !started {
                    started = true
                    previous = fires.schedule.previousFire(before: fire)
                }
                defer { previous = fire }
                if let start = previous { return ScheduleSlot(fireDate: fire, dataIntervalStart: start) }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(fires: fires.makeIterator())
    }
}
