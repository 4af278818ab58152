import Foundation

/// A `ResultTable` that cannot be built as asked.
public enum ResultTableError: LocalizedError, Equatable, Sendable {
    case emptyTableName
    case duplicateColumn(table: String, column: String)
    case columnLengthMismatch(table: String, column: String, expected: Int, actual: Int)

    public var errorDescription: String? {
        switch self {
        case .emptyTableName:
            "result table name is empty"
        case .duplicateColumn(let table, let column):
            "column '\(column)' appears twice in table '\(table)'"
        case .columnLengthMismatch(let table, let column, let expected, let actual):
            "column '\(column)' of table '\(table)' has \(actual) rows, expected \(expected)"
        }
    }
}
