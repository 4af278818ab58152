/// The source rows that make up one row group: a contiguous range, or a slice
/// of caller-supplied row indices (e.g. the rows of one partition).
enum RowSelection {
    case range(Range<Int>)
    case indices(ArraySlice<Int>)

    /// Number of rows selected.
    var count: Int {
        switch self {
        case .range(let r): return r.count
        case .indices(let s): return s.count
        }
    }

    /// Calls `body(position, sourceRow)` for every selected row, in order.
    @inline(__always)
    func forEach(_ body: (Int, Int) throws -> Void) rethrows {
        switch self {
        case .range(let r):
            var position = 0
            for row in r {
                try body(position, row)
                position &+= 1
            }
        case .indices(let slice):
            try slice.withUnsafeBufferPointer { rows in
                for position in 0..<rows.count {
                    try body(position, rows[position])
                }
            }
        }
    }

    /// The selected elements of `source`, in selection order.
    func gather<T>(_ source: [T]) -> [T] {
        switch self {
        case .range(let r):
            return Array(source[r])
        case .indices(let slice):
            return source.withUnsafeBufferPointer { src in
                slice.withUnsafeBufferPointer { rows in
                    [T](unsafeUninitializedCapacity: rows.count) { out, count in
                        for k in 0..<rows.count {
                            out.initializeElement(at: k, to: src[rows[k]])
                        }
                        count = rows.count
                    }
                }
            }
        }
    }

    /// Splits `0..<total` rows into consecutive selections of at most `size` rows,
    /// drawn from `rows` when given.
    static func rowGroups(total: Int, rows: [Int]?, size: Int) -> [RowSelection] {
        stride(from: 0, to: total, by: size).map { start in
            let end = min(start + size, total)
            if let rows { return .indices(rows[start..<end]) }
            return .range(start..<end)
        }
    }
}
