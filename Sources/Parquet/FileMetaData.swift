/// Metadata of one written column chunk (Thrift `ColumnChunk` + `ColumnMetaData`).
struct ColumnChunkMetaData {
    var physicalType: PhysicalType
    var encodings: [Encoding]
    var path: [String]
    var codec: ParquetCodec
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ColumnStatistics

    /// Encodes the `ColumnChunk` struct body.
    func write(to w: inout ThriftCompactWriter) {
        w.writeI64(2, 0) // file_offset: deprecated, must be 0
        w.writeStruct(3) { m in
            m.writeI32(1, physicalType.rawValue)
            m.writeI32List(2, encodings.map(\.rawValue))
            m.writeStringList(3, path)
            m.writeI32(4, codec.thriftValue)
            m.writeI64(5, numValues)
            m.writeI64(6, totalUncompressedSize)
            m.writeI64(7, totalCompressedSize)
            m.writeI64(9, dataPageOffset)
            if let dictionaryPageOffset { m.writeI64(11, dictionaryPageOffset) }
            m.writeStruct(12) { statistics.write(to: &$0) }
        }
    }
}

/// Metadata of one row group (Thrift `RowGroup`).
struct RowGroupMetaData {
    var columns: [ColumnChunkMetaData]
    var numRows: Int64
    var fileOffset: Int64
    /// Position of the row group in the file; omitted past `Int16.max`.
    var ordinal: Int16?

    /// Encodes the struct body.
    func write(to w: inout ThriftCompactWriter) {
        w.writeStructList(1, columns) { $1.write(to: &$0) }
        w.writeI64(2, columns.reduce(0) { $0 + $1.totalUncompressedSize })
        w.writeI64(3, numRows)
        w.writeI64(5, fileOffset)
        w.writeI64(6, columns.reduce(0) { $0 + $1.totalCompressedSize })
        if let ordinal { w.writeI16(7, ordinal) }
    }
}

/// The file footer (Thrift `FileMetaData`).
struct FileMetaData {
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroupMetaData]
    var createdBy: String

    /// Serialises the footer as a standalone Thrift struct.
    func encoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.writeI32(1, 1) // version 1: what the spec recommends for compatibility
        w.writeStructList(2, schema) { $1.write(to: &$0) }
        w.writeI64(3, numRows)
        w.writeStructList(4, rowGroups) { $1.write(to: &$0) }
        w.writeString(6, createdBy)
        // column_orders: TYPE_ORDER for every leaf, so min_value/max_value are defined.
        w.writeStructList(7, Array(schema.dropFirst())) { c, _ in c.writeEmptyStruct(1) }
        return w.finish()
    }
}
