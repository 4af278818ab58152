/// Rows grouped by a dictionary code (a CSR layout built by counting sort), for exact distinct
/// counts and modes without hashing.
///
/// Rows whose code is negative (null) are left out.
struct RowIndex: Sendable {
    /// Number of distinct codes (`dictionary.count`).
    let keyCount: Int
    /// Rows of key `k` are `rows[offsets[k] ..< offsets[k + 1]]`, in ascending row order.
    let offsets: [Int32]
    let rows: [Int32]

    init(codes: [Int32], keyCount: Int) {
        var offsets = [Int32](repeating: 0, count: keyCount + 1)
        for code in codes where code >= 0 { offsets[Int(code) + 1] += 1 }
        for key in 0..<keyCount { offsets[key + 1] += offsets[key] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: Int(offsets[keyCount]))
        for (row, code) in codes.enumerated() where code >= 0 {
            rows[Int(next[Int(code)])] = Int32(row)
            next[Int(code)] += 1
        }
        self.keyCount = keyCount
        self.offsets = offsets
        self.rows = rows
    }

    /// Number of rows with key `key`.
    func rowCount(of key: Int) -> Int { Int(offsets[key + 1] - offsets[key]) }

    /// For each group, how many distinct keys occur among its rows.
    ///
    /// - Parameters:
    ///   - groups: the group of every row (negative: the row is ignored).
    ///   - skippingKey: a key whose rows are ignored (e.g. the `Unknown` customer).
    func distinctKeyCounts(groups: [Int32], groupCount: Int, skippingKey: Int32? = nil) -> [Int64] {
        var counts = [Int64](repeating: 0, count: groupCount)
        var lastKey = [Int32](repeating: -1, count: groupCount)
        for key in 0..<keyCount where Int32(key) != skippingKey {
            for position in Int(offsets[key])..<Int(offsets[key + 1]) {
                let group = Int(groups[Int(rows[position])])
                if group >= 0 && lastKey[group] != Int32(key) {
                    lastKey[group] = Int32(key)
                    counts[group] += 1
                }
            }
        }
        return counts
    }

    /// For each key, its most frequent non-null value, ties going to the value of lowest `rank`;
    /// -1 where the key has no non-null value.
    ///
    /// - Parameter rank: a total order on value codes, indexed by code.
    func modes(of values: [Int32], valueCount: Int, rank: [Int32]) -> [Int32] {
        var result = [Int32](repeating: -1, count: keyCount)
        var tally = [Int32](repeating: 0, count: valueCount)
        var touched: [Int32] = []
        for key in 0..<keyCount {
            for position in Int(offsets[key])..<Int(offsets[key + 1]) {
                let value = values[Int(rows[position])]
                guard value >= 0 else { continue }
                if tally[Int(value)] == 0 { touched.append(value) }
                tally[Int(value)] += 1
            }
            var best: Int32 = -1
            var bestCount: Int32 = 0
            for value in touched {
                let count = tally[Int(value)]
                if count > bestCount || (count == bestCount && rank[Int(value)] < rank[Int(best)]) {
                    best = value
                    bestCount = count
                }
                tally[Int(value)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            result[key] = best
        }
        return result
    }
}
