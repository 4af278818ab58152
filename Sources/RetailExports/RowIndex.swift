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
    /// Rows of the column indexed (null ones included).
    let rowCount: Int

    /// - Precondition: every code is below `keyCount` (`PreparedSales` validates the columns first).
    init(codes: [Int32], keyCount: Int) {
        // Counting sort on raw buffers: the scatter's random writes are most of its time, and a
        // bounds check on each one made it about twice as slow.
        var offsets = [Int32](repeating: 0, count: keyCount + 1)
        offsets.withUnsafeMutableBufferPointer { counts in
            codes.withUnsafeBufferPointer { codes in
                for code in codes where code >= 0 {
                    precondition(Int(code) < keyCount, "RowIndex: code \(code) is not below \(keyCount)")
                    counts[Int(code) + 1] &+= 1
                }
            }
            for key in 0..<keyCount { counts[key + 1] &+= counts[key] }
        }
        var next = offsets
        let total = Int(offsets[keyCount])
        let rows = [Int32](unsafeUninitializedCapacity: total) { rows, count in
            next.withUnsafeMutableBufferPointer { next in
                codes.withUnsafeBufferPointer { codes in
                    // Each code was counted above, so every slot `next` hands out is inside `rows`.
                    for row in codes.indices where codes[row] >= 0 {
                        let key = Int(codes[row])
                        rows.baseAddress.unsafelyUnwrapped[Int(next[key])] = Int32(truncatingIfNeeded: row)
                        next[key] &+= 1
                    }
                }
            }
            count = total
        }
        self.keyCount = keyCount
        self.offsets = offsets
        self.rows = rows
        rowCount = codes.count
    }

    /// Number of rows with key `key`.
    func rowCount(of key: Int) -> Int { Int(offsets[key + 1] - offsets[key]) }

    /// For each group, how many distinct keys occur among its rows.
    ///
    /// - Parameters:
    ///   - groups: the group of every row (negative: the row is ignored), each below `groupCount`.
    ///   - skippingKey: a key whose rows are ignored (e.g. the `Unknown` customer).
    func distinctKeyCounts(groups: [Int32], groupCount: Int, skippingKey: Int32? = nil) -> [Int64] {
        precondition(groups.count == rowCount, "RowIndex: \(groups.count) groups for \(rowCount) rows")
        var counts = [Int64](repeating: 0, count: groupCount)
        var lastKey = [Int32](repeating: -1, count: groupCount)
        counts.withUnsafeMutableBufferPointer { counts in
            lastKey.withUnsafeMutableBufferPointer { lastKey in
                groups.withUnsafeBufferPointer { groups in
                    rows.withUnsafeBufferPointer { rows in
                        for key in 0..<keyCount where Int32(key) != skippingKey {
                            for position in Int(offsets[key])..<Int(offsets[key + 1]) {
                                let group = Int(groups[Int(rows[position])])
                                guard group >= 0 else { continue }
                                precondition(group < groupCount, "RowIndex: group \(group) is not below \(groupCount)")
                                if lastKey[group] != Int32(key) {
                                    lastKey[group] = Int32(key)
                                    counts[group] &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return counts
    }

    /// For each key, its most frequent non-null value, ties going to the value of lowest `rank`;
    /// -1 where the key has no non-null value.
    ///
    /// - Parameters:
    ///   - values: the value code of every row, each below `valueCount` (negative: null).
    ///   - rank: a total order on value codes, indexed by code.
    func modes(of values: [Int32], valueCount: Int, rank: [Int32]) -> [Int32] {
        precondition(values.count == rowCount && rank.count >= valueCount, "RowIndex: values or ranks do not match the rows")
        var result = [Int32](repeating: -1, count: keyCount)
        var tally = [Int32](repeating: 0, count: valueCount)
        var touched: [Int32] = []
        tally.withUnsafeMutableBufferPointer { tally in
            values.withUnsafeBufferPointer { values in
                rows.withUnsafeBufferPointer { rows in
                    for key in 0..<keyCount {
                        for position in Int(offsets[key])..<Int(offsets[key + 1]) {
                            let value = values[Int(rows[position])]
                            guard value >= 0 else { continue }
                            precondition(Int(value) < valueCount, "RowIndex: value \(value) is not below \(valueCount)")
                            if tally[Int(value)] == 0 { touched.append(value) }
                            tally[Int(value)] &+= 1
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
                }
            }
        }
        return result
    }
}
