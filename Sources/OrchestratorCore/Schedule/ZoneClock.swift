import Foundation

/// Converts between instants (whole seconds since 1970-01-01T00:00:00Z) and wall-clock seconds
/// (see `WallMinute`) in one time zone, resolving wall times that a clock change skips or repeats.
///
/// It asks the time zone only for its UTC offset at an instant, so it handles every kind of
/// offset change the same way: daylight saving in either hemisphere, 30-minute shifts, changes at
/// midnight, and a zone changing its standard offset (even by a whole day).
struct ZoneClock: Sendable {
    let timeZone: TimeZone

    /// Seconds east of UTC in force at `instant`.
    func offset(at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// The wall-clock reading at `instant`, in wall seconds.
    func wallSeconds(at instant: Int64) -> Int64 {
        instant + offset(at: instant)
    }

    /// The instant a wall time stands for:
    /// - the only instant that reads `wall`, in the usual case;
    /// - the earlier of the two when the clocks fall back and `wall` is read twice;
    /// - when the clocks spring forward over `wall`, the first instant after the gap, which is
    ///   the instant of the change itself (every skipped wall time maps to that one instant).
    func instant(forWall wall: Int64) -> Int64 {
        // Offsets in force within a day either side cover every instant that could read `wall`
        // (offsets are within -12h...+14h), assuming at most one change in that stretch.
        var offsets: [Int64] = []
        func note(_ offset: Int64) { if !offsets.contains(offset) { offsets.append(offset) } }
        note(offset(at: wall - 86_400))
        note(offset(at: wall + 86_400))
        for candidate in offsets { note(offset(at: wall - candidate)) }

        let valid = offsets.filter { offset(at: wall - $0) == $0 }
        if let largest = valid.max() { return wall - largest }  // the largest offset is the earliest instant

        // A gap: find the first instant whose wall reading is past `wall`.
        guard let largest = offsets.max(), let smallest = offsets.min() else { return wall }
        var low = wall - largest    // reads before `wall` (still under the smaller offset)
        var high = wall - smallest  // reads after `wall` (already under the larger offset)
        guard low < high, wallSeconds(at: high) > wall else { return high }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if wallSeconds(at: middle) > wall { high = middle } else { low = middle }
        }
        return high
    }

    /// When `instant` is in the second pass over wall times that the clocks fell back to (the same
    /// reading was already shown earlier), the wall time at which the repeated stretch ends: the
    /// reading just before the change, which is shown only once. Nil otherwise.
    func endOfRepeatedWallTime(containing instant: Int64) -> Int64? {
        let now = offset(at: instant)
        var seen: [Int64] = []
        for lookBack: Int64 in [3 * 3600, 25 * 3600] {
            let before = offset(at: instant - lookBack)
            guard before > now, !seen.contains(before) else { continue }
            seen.append(before)
            let firstPass = instant - (before - now)  // the earlier instant with the same reading
            guard offset(at: firstPass) == before else { continue }
            var low = firstPass  // still under `before`
            var high = instant   // no longer under `before`
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if offset(at: middle) == before { low = middle } else { high = middle }
            }
            return high + before
        }
        return nil
    }
}
