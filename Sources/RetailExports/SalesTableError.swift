import Foundation

/// A `SalesTable` that breaks the invariants the aggregates rely on.
public enum SalesTableError: LocalizedError, Equatable, Sendable {
    case columnLengthMismatch(column: String, expected: Int, actual: Int)
    case nullValue(column: String, row: Int)
    case codeOutOfRange(column: String, row: Int, code: Int32)
    case duplicateDictionaryEntry(column: String, value: String)
    /// A value outside `SalesLimits` (the cleaner never keeps one; a hand-made or damaged table can).
    case valueOutOfRange(column: String, row: Int, value: Int64)

    public var errorDescription: String? {
        switch self {
        case .columnLengthMismatch(let column, let expected, let actual):
            "sales column '\(column)' has \(actual) rows, expected \(expected)"
        case .nullValue(let column, let row):
            "sales column '\(column)' is null at row \(row)"
        case .codeOutOfRange(let column, let row, let code):
            "sales column '\(column)' has dictionary code \(code) at row \(row), outside its dictionary"
        case .duplicateDictionaryEntry(let column, let value):
            "sales column '\(column)' lists '\(value)' twice in its dictionary"
        case .valueOutOfRange(let column, let row, let value):
            "sales column '\(column)' has \(value) at row \(row), outside the limits of sales values"
        }
    }
}
