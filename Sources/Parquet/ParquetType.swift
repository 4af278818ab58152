/// The logical type of a column as it appears to readers.
///
/// Each case maps to one Parquet physical type plus the annotations
/// (`LogicalType` for current readers, `ConvertedType` for old ones).
public enum ParquetType: Sendable, Hashable {
    /// UTF-8 text: `BYTE_ARRAY` annotated `STRING` / `UTF8`.
    case string
    /// 32-bit signed integer: `INT32`.
    case int32
    /// 64-bit signed integer: `INT64`.
    case int64
    /// IEEE 754 double: `DOUBLE`.
    case double
    /// Microseconds since the Unix epoch: `INT64` annotated `TIMESTAMP(MICROS)`.
    /// `adjustedToUTC == false` means a local ("wall clock") timestamp without zone.
    case timestampMicros(adjustedToUTC: Bool)
    /// Fixed-point decimal stored as an unscaled `INT64` (precision 1...18).
    case decimal(precision: Int, scale: Int)
    /// Days since the Unix epoch: `INT32` annotated `DATE`.
    case date

    /// Human-readable name used in error messages.
    var displayName: String {
        switch self {
        case .string: return "string"
        case .int32: return "int32"
        case .int64: return "int64"
        case .double: return "double"
        case .timestampMicros(let utc): return "timestampMicros(adjustedToUTC: \(utc))"
        case .decimal(let p, let s): return "decimal(\(p), \(s))"
        case .date: return "date"
        }
    }
}
