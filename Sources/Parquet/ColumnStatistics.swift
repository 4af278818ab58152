/// Column-chunk statistics (Thrift `Statistics`), already PLAIN-encoded.
///
/// Only the current `min_value` / `max_value` fields are written; their order
/// is declared by `TYPE_ORDER` in the footer's `column_orders`.
struct ColumnStatistics: Equatable {
    /// PLAIN-encoded minimum (no length prefix for byte arrays); `nil` if all null.
    var minValue: [UInt8]?
    /// PLAIN-encoded maximum (no length prefix for byte arrays); `nil` if all null.
    var maxValue: [UInt8]?
    /// Number of null values in the chunk.
    var nullCount: Int64
    /// Number of NaN values; only set for floating point columns.
    var nanCount: Int64?

    /// Encodes the struct body.
    func write(to w: inout ThriftCompactWriter) {
        w.writeI64(3, nullCount)
        if let maxValue, let minValue {
            w.writeBinary(5, maxValue)
            w.writeBinary(6, minValue)
            w.writeBool(7, true) // is_max_value_exact
            w.writeBool(8, true) // is_min_value_exact
        }
        if let nanCount { w.writeI64(9, nanCount) }
    }
}
