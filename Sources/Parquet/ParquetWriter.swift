import Foundation

/// Writes flat (non-nested) Parquet files from column-oriented data.
///
/// Strings are dictionary-encoded (falling back to PLAIN when a chunk's
/// dictionary exceeds `dictionaryPageLimitBytes`), numbers are PLAIN, pages
/// are v1 data pages compressed with `codec`, and every column chunk carries
/// min/max/null-count statistics.
///
/// ```swift
/// let columns = [
///     ParquetColumn(name: "city", type: .string, nullable: true,
///                   values: .dictionary(dictionary: ["Bern", "Chur"], codes: [0, -1, 1])),
///     ParquetColumn(name: "amount", type: .decimal(precision: 18, scale: 2),
///                   values: .int64([1_050, 99, 20_000])),
/// ]
/// // Write only rows 0 and 2 (e.g. one partition); the dictionary page keeps "Bern" only.
/// try ParquetWriter(codec: .snappy).write(columns: columns, rows: [0, 2], to: "part.parquet")
/// ```
public struct ParquetWriter: Sendable {
    /// Page compression codec.
    public var codec: ParquetCodec
    /// Most rows in one row group.
    public var rowGroupRows: Int
    /// Target uncompressed size of one data page's values.
    public var pageSizeBytes: Int
    /// Largest PLAIN size of a chunk's string dictionary before falling back to PLAIN pages
    /// (0 disables dictionary encoding).
    public var dictionaryPageLimitBytes: Int
    /// Value of the footer's `created_by`.
    public var createdBy: String

    /// Creates a writer.
    public init(codec: ParquetCodec = .snappy, rowGroupRows: Int = 1_000_000,
                pageSizeBytes: Int = 1 << 20, dictionaryPageLimitBytes: Int = 1 << 20,
                createdBy: String = "orchestrator") {
        self.codec = codec
        self.rowGroupRows = rowGroupRows
        self.pageSizeBytes = pageSizeBytes
        self.dictionaryPageLimitBytes = dictionaryPageLimitBytes
        self.createdBy = createdBy
    }

    /// Encodes a complete Parquet file.
    ///
    /// - Parameters:
    ///   - columns: the columns, all with the same number of values.
    ///   - rows: source row indices to write, in this order; `nil` writes every row.
    /// - Returns: the file's bytes.
    public func encode(columns: [ParquetColumn], rows: [Int]? = nil) throws -> [UInt8] {
        let rowCount = try ColumnValidation.validate(columns)
        if let rows { try ColumnValidation.validate(rows: rows, rowCount: rowCount) }
        guard rowGroupRows > 0 else { throw ParquetError.invalidOption("rowGroupRows must be positive") }
        guard pageSizeBytes > 0 else { throw ParquetError.invalidOption("pageSizeBytes must be positive") }
        let options = ChunkOptions(codec: codec, pageSizeBytes: pageSizeBytes,
                                   dictionaryPageLimitBytes: dictionaryPageLimitBytes)
        let total = rows?.count ?? rowCount
        let magic: [UInt8] = Array("PAR1".utf8)
        var sink = PageSink(codec: codec)
        sink.reserve(Self.estimatedSize(columns, rows: total, codec: codec))
        sink.appendRaw(magic)
        var rowGroups: [RowGroupMetaData] = []
        for (ordinal, selection) in RowSelection.rowGroups(total: total, rows: rows, size: rowGroupRows).enumerated() {
            let groupStart = Int64(sink.file.count)
            var chunks: [ColumnChunkMetaData] = []
            for column in columns {
                let chunk = try Self.encodeChunk(column, selection: selection, options: options, sink: &sink)
                let start = Int64(chunk.start)
                chunks.append(ColumnChunkMetaData(
                    physicalType: column.type.physicalType, encodings: chunk.encodings, path: [column.name],
                    codec: codec, numValues: Int64(chunk.numValues),
                    totalUncompressedSize: chunk.totalUncompressed,
                    totalCompressedSize: Int64(chunk.byteCount),
                    dataPageOffset: start + Int64(chunk.dictionaryPageLength ?? 0),
                    dictionaryPageOffset: chunk.dictionaryPageLength == nil ? nil : start,
                    statistics: chunk.statistics))
            }
            rowGroups.append(RowGroupMetaData(columns: chunks, numRows: Int64(selection.count),
                                              fileOffset: groupStart,
                                              ordinal: ordinal <= Int(Int16.max) ? Int16(ordinal) : nil))
        }
        let schema = [SchemaElement.root(childCount: columns.count)]
            + columns.map { SchemaElement.leaf(name: $0.name, type: $0.type, nullable: $0.nullable) }
        let footer = FileMetaData(schema: schema, numRows: Int64(total), rowGroups: rowGroups,
                                  createdBy: createdBy).encoded()
        sink.appendRaw(footer)
        let length = UInt32(truncatingIfNeeded: footer.count)
        sink.appendRaw((0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) })
        sink.appendRaw(magic)
        return sink.file
    }

    /// A generous guess of the file size, so the buffer rarely has to grow.
    static func estimatedSize(_ columns: [ParquetColumn], rows: Int, codec: ParquetCodec) -> Int {
        let perRow = columns.reduce(0) { sum, column in
            switch column.values {
            case .int64, .double: return sum + 8
            case .int32: return sum + 4
            case .strings, .dictionary: return sum + 4
            }
        }
        let raw = perRow * rows + 4_096 * columns.count + 65_536
        return codec == .uncompressed ? raw : raw / 2 + 65_536
    }

    /// Encodes a Parquet file and writes it to `path` (created, or truncated and replaced).
    ///
    /// The file is written in place, neither atomically nor synced to disk: callers that need
    /// either write into a staging folder or under a temporary name and rename (as `partition`,
    /// `aggregate` and the lake sink do). A failed write can leave a partial file behind.
    public func write(columns: [ParquetColumn], rows: [Int]? = nil, to path: String) throws {
        let bytes = try encode(columns: columns, rows: rows)
        try bytes.withUnsafeBytes { try ParquetFile.save($0, to: path) }
    }

    /// Encodes the rows `selection` of one column as a column chunk.
    static func encodeChunk(_ column: ParquetColumn, selection: RowSelection,
                            options: ChunkOptions, sink: inout PageSink) throws -> EncodedChunk {
        let name = column.name
        switch (column.type, column.values) {
        case (.string, _):
            return try StringChunkEncoder.encode(column, selection: selection, options: options, sink: &sink)
        case (_, .int64(let values)):
            let g = try FixedWidthChunkEncoder.gather(values, validity: column.validity, nullable: column.nullable,
                                                      column: name, selection: selection)
            if case .decimal(let precision, _) = column.type, let (lo, hi) = StatisticsBuilder.minMax(g.values) {
                let limit = ColumnValidation.decimalLimit(precision: precision)
                if lo < -limit || hi > limit {
                    try ColumnValidation.checkDecimalRange(column, values: values, precision: precision,
                                                           selection: selection)
                }
            }
            return try FixedWidthChunkEncoder.encode(
                g, rowCount: selection.count, column: name,
                statistics: StatisticsBuilder.integers(g.values, nullCount: g.nullCount), options: options,
                sink: &sink)
        case (_, .int32(let values)):
            let g = try FixedWidthChunkEncoder.gather(values, validity: column.validity, nullable: column.nullable,
                                                      column: name, selection: selection)
            return try FixedWidthChunkEncoder.encode(
                g, rowCount: selection.count, column: name,
                statistics: StatisticsBuilder.integers(g.values, nullCount: g.nullCount), options: options,
                sink: &sink)
        case (_, .double(let values)):
            let g = try FixedWidthChunkEncoder.gather(values, validity: column.validity, nullable: column.nullable,
                                                      column: name, selection: selection)
            return try FixedWidthChunkEncoder.encode(
                g, rowCount: selection.count, column: name,
                statistics: StatisticsBuilder.doubles(g.values, nullCount: g.nullCount), options: options,
                sink: &sink)
        default:
            throw ParquetError.typeMismatch(column: name, type: column.type.displayName,
                                            values: column.values.kindName)
        }
    }
}
