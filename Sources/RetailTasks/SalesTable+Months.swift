import RetailData
import RetailExports

extension SalesTable {
    /// Row indices per month, keyed YYYYMM, in month order; rows keep their table order.
    ///
    /// Two passes over the timestamps (count, then fill arrays of the exact size); a row's month
    /// is looked up by its day only when the day differs from the previous row's, which in sales
    /// data (lines of an invoice share a timestamp) is rare.
    public func monthGroups() -> [(Int, [Int])] {
        var months = MonthLookup()
        var sizes: [Int] = []
        for micros in invoiceTs {
            let group = months.group(ofMicros: micros)
            if group == sizes.count { sizes.append(0) }
            sizes[group] += 1
        }
        var rows = sizes.map { size -> [Int] in
            var group: [Int] = []
            group.reserveCapacity(size)
            return group
        }
        months.restart()
        for (row, micros) in invoiceTs.enumerated() {
            rows[months.group(ofMicros: micros)].append(row)
        }
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
