#if _endian(big)
#error("The Parquet writer copies numbers in host byte order and needs a little-endian host")
#endif

/// Encodes a column chunk of fixed-width numbers (INT32, INT64, DOUBLE) as
/// PLAIN data pages, with definition levels when the column is optional.
enum FixedWidthChunkEncoder {
    /// Non-null values of the selected rows plus per-row definition levels.
    struct Gathered<T> {
        /// Shares the caller's storage when the rows are a plain range.
        var values: ArraySlice<T>
        /// One level per row (1 = value present); `nil` for required columns.
        var levels: [UInt8]?
        var nullCount: Int
    }

    /// Collects the selected rows, dropping nulls marked in `validity`.
    static func gather<T>(_ source: [T], validity: [Bool]?, nullable: Bool, column: String,
                          selection: RowSelection) throws -> Gathered<T> {
        guard let validity else {
            let levels: [UInt8]? = nullable ? [UInt8](repeating: 1, count: selection.count) : nil
            let values: ArraySlice<T>
            if case .range(let r) = selection { values = source[r] } else { values = selection.gather(source)[...] }
            return Gathered(values: values, levels: levels, nullCount: 0)
        }
        var values: [T] = []
        values.reserveCapacity(selection.count)
        var levels: [UInt8] = []
        levels.reserveCapacity(selection.count)
        try selection.forEach { _, row in
            if validity[row] {
                values.append(source[row])
                levels.append(1)
            } else {
                guard nullable else { throw ParquetError.nullInRequiredColumn(column: column, row: row) }
                levels.append(0)
            }
        }
        return Gathered(values: values[...], levels: nullable ? levels : nil,
                        nullCount: levels.count - values.count)
    }

    /// Writes `gathered` as PLAIN data pages of about `pageSizeBytes` each.
    static func encode<T: BitwiseCopyable>(_ gathered: Gathered<T>, rowCount: Int, column: String,
                                           statistics: ColumnStatistics,
                                           options: ChunkOptions, sink: inout PageSink) throws -> EncodedChunk {
        sink.beginChunk(column: column)
        let width = MemoryLayout<T>.stride
        let rowsPerPage = min(max(1, options.pageSizeBytes / width), ChunkOptions.maxRowsPerPage)
        var valueStart = gathered.values.startIndex
        var rowStart = 0
        var body: [UInt8] = []
        repeat {
            let rowEnd = min(rowStart + rowsPerPage, rowCount)
            let kind = PageHeader.Kind.data(numValues: Int32(rowEnd - rowStart), encoding: .plain)
            guard let levels = gathered.levels else {
                // A required column's page is its values' bytes exactly: compressed from where they lie.
                let valueEnd = valueStart + (rowEnd - rowStart)
                try gathered.values[valueStart..<valueEnd].withUnsafeBytes { try sink.append(kind, bytes: $0) }
                valueStart = valueEnd
                rowStart = rowEnd
                continue
            }
            body.removeAll(keepingCapacity: true) // one buffer serves every page
            body.reserveCapacity((rowEnd - rowStart) * width + 64)
            let pageLevels = levels[rowStart..<rowEnd]
            PageBody.appendDefinitionLevels(pageLevels, to: &body)
            let valueEnd = valueStart + PageBody.nonNullCount(pageLevels)
            gathered.values[valueStart..<valueEnd].withUnsafeBytes { body.append(contentsOf: $0) }
            try sink.append(kind, body: body)
            valueStart = valueEnd
            rowStart = rowEnd
        } while rowStart < rowCount
        return sink.finishChunk(encodings: [.plain, .rle], numValues: rowCount,
                                statistics: statistics)
    }
}
