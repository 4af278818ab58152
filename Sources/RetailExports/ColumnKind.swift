/// The physical kind of a `ResultColumn`, chosen so each maps one-to-one onto a Parquet type.
///
/// | kind | Swift storage | Parquet |
/// | --- | --- | --- |
/// | `string` | `StringColumn` (code -1 = null) | BYTE_ARRAY, STRING, optional |
/// | `int64` | `[Int64]` | INT64, required |
/// | `int32` | `[Int32]` | INT32, required |
/// | `money` | `[Int64]` thousandths | INT64, DECIMAL(18,3), required |
/// | `date` | `[Int32]` days since 1970-01-01 | INT32, DATE, required |
/// | `timestamp` | `[Int64]` µs since 1970-01-01, local wall time | INT64, TIMESTAMP(MICROS, isAdjustedToUTC=false), required |
///
/// Only string columns can hold nulls.
public enum ColumnKind: String, Sendable, Hashable, CaseIterable {
    case string
    case int64
    case int32
    case money
    case date
    case timestamp

    /// Whether values of this kind may be null.
    public var isNullable: Bool { self == .string }
}
