import RetailData
import RetailExports

extension SalesTable {
    /// Row indices per month, keyed YYYYMM, in month order; rows keep their table order.
    public func monthGroups() -> [(Int, [Int])] {
        var groups: [Int: [Int]] = [:]
        var cache: [Int: Int] = [:]  // day number -> YYYYMM
        for row in 0..<count {
            let day = WallClock.day(ofMicros: invoiceTs[row])
            let key: Int
            if let known = cache[day] {
                key = known
            } else {
                let date = CalendarDay(daysSinceEpoch: day)
                key = date.year * 100 + date.month
                cache[day] = key
            }
            groups[key, default: []].append(row)
        }
        return groups.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
