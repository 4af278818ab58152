import RetailData
import RetailExports

extension SalesTable {
    /// Row indices per month, keyed YYYYMM, in month order; rows keep their table order.
    ///
    /// Two passes over the timestamps (count, then fill arrays of the exact size). A row's month
    /// is looked up only when its timestamp differs from the previous row's, and by its day only
    /// when the day differs too, which in sales data (lines of an invoice share a timestamp, an
    /// invoice's lines follow each other) is rare; the fill appends each run of rows of one month
    /// as a range.
    public func monthGroups() -> [(Int, [Int])] {
        var months = MonthLookup()
        var sizes: [Int] = []
        months.forEachRun(of: invoiceTs) { group, rows in
            if group == sizes.count { sizes.append(0) }
            sizes[group] += rows.count
        }
        var rows = sizes.map { size -> [Int] in
            var group: [Int] = []
            group.reserveCapacity(size)
            return group
        }
        months.restart()
        months.forEachRun(of: invoiceTs) { group, run in rows[group].append(contentsOf: run) }
        return zip(months.keys, rows).sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }
    }
}

/// Months (YYYYMM) numbered in order of first appearance, found from timestamps through a cache
/// of the last day seen.
private struct MonthLookup {
    /// YYYYMM of each group number.
    private(set) var keys: [Int] = []
    private var groupOfKey: [Int: Int] = [:]
    private var lastDay = Int.min
    private var lastGroup = 0

    /// Forgets the last day, so a second pass over the same timestamps sees the same numbers.
    mutating func restart() {
        lastDay = Int.min
    }

    /// Calls `body(group, rows)` for each run of consecutive rows in one month, in row order.
    mutating func forEachRun(of timestamps: [Int64], _ body: (Int, Range<Int>) -> Void) {
        timestamps.withUnsafeBufferPointer { timestamps in
            guard let first = timestamps.first else { return }
            var lastMicros = first
            var runGroup = group(ofMicros: first)
            var runStart = 0
            for row in 1..<timestamps.count {
                let micros = timestamps[row]
                if micros == lastMicros { continue }
                lastMicros = micros
                let next = group(ofMicros: micros)
                if next != runGroup {
                    body(runGroup, runStart..<row)
                    runGroup = next
                    runStart = row
                }
            }
            body(runGroup, runStart..<timestamps.count)
        }
    }

    @inline(__always)
    mutating func group(ofMicros micros: Int64) -> Int {
        let day = WallClock.day(ofMicros: micros)
        if day != lastDay {
            lastDay = day
            let date = CalendarDay(daysSinceEpoch: day)
            let key = date.year * 100 + date.month
            if let known = groupOfKey[key] {
                lastGroup = known
            } else {
                lastGroup = keys.count
                groupOfKey[key] = lastGroup
                keys.append(key)
            }
        }
        return lastGroup
    }
}
