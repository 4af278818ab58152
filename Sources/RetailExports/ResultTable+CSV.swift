import RetailData

extension ResultTable {
    /// The table as CSV bytes: a header row of the column names, then one line per row.
    ///
    /// Deterministic: the same table and format always give the same bytes.
    public func csvBytes(format: CSVFormat) -> [UInt8] {
        let prepared = columns.map(PreparedColumn.init)
        let rowBound = prepared.reduce(0) { $0 + $1.maxWidth + 1 } + 2
        var buffer = CSVBuffer(format: format, reservingCapacity: rowCount * min(rowBound, 64))
        buffer.header(columnNames)
        let rows = rowCount
        withCellSources(prepared[...], []) { sources in
            for row in 0..<rows {
                buffer.ensure(rowBound)
                for (index, source) in sources.enumerated() {
                    if index > 0 { buffer.comma() }
                    source.encode(row: row, into: &buffer)
                }
                buffer.endRow()
            }
        }
        return buffer.finish()
    }
}

/// One column ready for output: string dictionaries escaped once into one flat byte array.
private enum PreparedColumn {
    case string(codes: [Int32], bytes: [UInt8], ends: [Int32])
    case int64([Int64])
    case int32([Int32])
    case money([Int64])
    case date([Int32])
    case timestamp([Int64])
    case bool([Bool])

    init(_ column: ResultColumn) {
        switch column.values {
        case .string(let strings):
            var bytes: [UInt8] = []
            var ends: [Int32] = [0]
            for value in strings.dictionary {
                bytes += CSVBuffer.escaped(value)
                ends.append(Int32(bytes.count))
            }
            self = .string(codes: strings.codes, bytes: bytes, ends: ends)
        case .int64(let v): self = .int64(v)
        case .int32(let v): self = .int32(v)
        case .money(let v): self = .money(v)
        case .date(let v): self = .date(v)
        case .timestamp(let v): self = .timestamp(v)
        case .bool(let v): self = .bool(v)
        }
    }

    /// An upper bound of the bytes one cell takes.
    var maxWidth: Int {
        guard case .string(_, _, let ends) = self else { return CSVBuffer.maxScalarWidth }
        var widest: Int32 = 0
        for index in 1..<ends.count { widest = max(widest, ends[index] - ends[index - 1]) }
        return Int(widest)
    }
}

/// A column seen through raw pointers, so the row loop does no reference counting.
/// Valid only inside `withCellSources`.
private enum CellSource {
    case string(codes: UnsafeBufferPointer<Int32>, bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int32>)
    case int64(UnsafeBufferPointer<Int64>)
    case int32(UnsafeBufferPointer<Int32>)
    case money(UnsafeBufferPointer<Int64>)
    case date(UnsafeBufferPointer<Int32>)
    case timestamp(UnsafeBufferPointer<Int64>)
    case bool(UnsafeBufferPointer<Bool>)

    /// Writes the cell at `row`; the buffer must have room for the column's `maxWidth`.
    @inline(__always)
    func encode(row: Int, into buffer: inout CSVBuffer) {
        switch self {
        case .string(let codes, let bytes, let ends):
            let code = Int(codes[row])
            guard code >= 0 else { return }
            let start = Int(ends[code])
            buffer.raw(UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[code + 1])]))
        case .int64(let v): buffer.integer(v[row])
        case .int32(let v): buffer.integer(Int64(v[row]))
        case .money(let v): buffer.money(v[row])
        case .date(let v): buffer.date(days: Int(v[row]))
        case .timestamp(let v): buffer.timestamp(v[row])
        case .bool(let v): buffer.boolean(v[row])
        }
    }
}

/// Calls `body` with every column's storage pinned as a `CellSource`, nesting one
/// `withUnsafeBufferPointer` per array so all pointers stay valid for the whole call.
private func withCellSources(_ columns: ArraySlice<PreparedColumn>, _ done: [CellSource], _ body: ([CellSource]) -> Void) {
    guard let column = columns.first else { return body(done) }
    let rest = columns.dropFirst()
    switch column {
    case .string(let codes, let bytes, let ends):
        codes.withUnsafeBufferPointer { c in
            bytes.withUnsafeBufferPointer { b in
                ends.withUnsafeBufferPointer { e in
                    withCellSources(rest, done + [.string(codes: c, bytes: b, ends: e)], body)
                }
            }
        }
    case .int64(let v): v.withUnsafeBufferPointer { withCellSources(rest, done + [.int64($0)], body) }
    case .int32(let v): v.withUnsafeBufferPointer { withCellSources(rest, done + [.int32($0)], body) }
    case .money(let v): v.withUnsafeBufferPointer { withCellSources(rest, done + [.money($0)], body) }
    case .date(let v): v.withUnsafeBufferPointer { withCellSources(rest, done + [.date($0)], body) }
    case .timestamp(let v): v.withUnsafeBufferPointer { withCellSources(rest, done + [.timestamp($0)], body) }
    case .bool(let v): v.withUnsafeBufferPointer { withCellSources(rest, done + [.bool($0)], body) }
    }
}
