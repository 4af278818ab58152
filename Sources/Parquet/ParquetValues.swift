/// The values of one column, held the way the caller already stores them.
public enum ParquetValues: Sendable {
    /// Values for `.int64`, `.timestampMicros` and `.decimal` columns.
    case int64([Int64])
    /// Values for `.int32` and `.date` columns.
    case int32([Int32])
    /// Values for `.double` columns.
    case double([Double])
    /// Values for `.string` columns; `nil` is null.
    case strings([String?])
    /// A dictionary-encoded `.string` column: row `i` holds `dictionary[codes[i]]`,
    /// or null when `codes[i] == -1`.
    case dictionary(dictionary: [String], codes: [Int32])

    /// Number of rows the values describe.
    public var count: Int {
        switch self {
        case .int64(let v): return v.count
        case .int32(let v): return v.count
        case .double(let v): return v.count
        case .strings(let v): return v.count
        case .dictionary(_, let codes): return codes.count
        }
    }

    /// Human-readable name used in error messages.
    var kindName: String {
        switch self {
        case .int64: return "int64 values"
        case .int32: return "int32 values"
        case .double: return "double values"
        case .strings: return "string values"
        case .dictionary: return "dictionary-encoded string values"
        }
    }
}
