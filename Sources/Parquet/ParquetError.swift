import Foundation

/// Everything that can go wrong while encoding or writing a Parquet file.
/// Each message names the offending column and value.
public enum ParquetError: Error, Equatable, Sendable, LocalizedError {
    /// `encode` was called without columns.
    case noColumns
    /// A column has an empty name.
    case emptyColumnName(index: Int)
    /// Two columns share a name.
    case duplicateColumnName(String)
    /// A column's value count differs from the first column's.
    case columnLengthMismatch(column: String, expected: Int, actual: Int)
    /// A column's validity mask length differs from its value count.
    case validityLengthMismatch(column: String, expected: Int, actual: Int)
    /// A row index in the requested subset is outside `0..<rowCount`.
    case rowIndexOutOfRange(row: Int, rowCount: Int)
    /// The values do not fit the declared type (e.g. doubles for a string column).
    case typeMismatch(column: String, type: String, values: String)
    /// A dictionary code is neither -1 nor a valid dictionary index.
    case dictionaryCodeOutOfRange(column: String, row: Int, code: Int32, dictionarySize: Int)
    /// A null (or `false` validity entry) appeared in a non-nullable column.
    case nullInRequiredColumn(column: String, row: Int)
    /// Decimal precision/scale cannot be stored as INT64.
    case invalidDecimal(column: String, precision: Int, scale: Int)
    /// An unscaled decimal value has more digits than the declared precision.
    case decimalOutOfRange(column: String, row: Int, value: Int64, precision: Int)
    /// A single string or page exceeds what a Parquet page can hold.
    case valueTooLarge(column: String, bytes: Int)
    /// `rowGroupRows` or a page/dictionary limit was not positive.
    case invalidOption(String)
    /// The compression library reported an error.
    case compressionFailed(codec: String, message: String)
    /// Writing the output file failed.
    case writeFailed(path: String, message: String)

    public var errorDescription: String? {
        switch self {
        case .noColumns:
            return "Parquet: no columns to write"
        case .emptyColumnName(let index):
            return "Parquet: column #\(index) has an empty name"
        case .duplicateColumnName(let name):
            return "Parquet: column name '\(name)' is used more than once"
        case .columnLengthMismatch(let column, let expected, let actual):
            return "Parquet: column '\(column)' has \(actual) values, expected \(expected) like the first column"
        case .validityLengthMismatch(let column, let expected, let actual):
            return "Parquet: column '\(column)' has a validity mask of \(actual) entries for \(expected) values"
        case .rowIndexOutOfRange(let row, let rowCount):
            return "Parquet: row index \(row) is out of range 0..<\(rowCount)"
        case .typeMismatch(let column, let type, let values):
            return "Parquet: column '\(column)' of type \(type) cannot be written from \(values)"
        case .dictionaryCodeOutOfRange(let column, let row, let code, let size):
            return "Parquet: column '\(column)' row \(row) has dictionary code \(code), outside -1..<\(size)"
        case .nullInRequiredColumn(let column, let row):
            return "Parquet: column '\(column)' is not nullable but row \(row) is null"
        case .invalidDecimal(let column, let precision, let scale):
            return "Parquet: column '\(column)' decimal(\(precision), \(scale)) is unsupported: precision must be 1...18 and scale 0...precision"
        case .decimalOutOfRange(let column, let row, let value, let precision):
            return "Parquet: column '\(column)' row \(row) unscaled decimal value \(value) has more than \(precision) digits"
        case .valueTooLarge(let column, let bytes):
            return "Parquet: column '\(column)' has a value or page of \(bytes) bytes, more than a page can hold"
        case .invalidOption(let message):
            return "Parquet: invalid option: \(message)"
        case .compressionFailed(let codec, let message):
            return "Parquet: \(codec) compression failed: \(message)"
        case .writeFailed(let path, let message):
            return "Parquet: cannot write '\(path)': \(message)"
        }
    }
}
