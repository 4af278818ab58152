/// An in-memory columnar table with a name, produced by an aggregate or an export.
///
/// All columns have the same number of rows and distinct names; the initializer checks both.
/// The table's `name` is also the base name of the files written for it (`name.csv`, `name.parquet`).
public struct ResultTable: Sendable, Equatable {
    public let name: String
    public let columns: [ResultColumn]
    public let rowCount: Int

    /// Builds a table, checking that column names are unique and lengths agree.
    /// - Throws: `ResultTableError`.
    public init(name: String, columns: [ResultColumn]) throws(ResultTableError) {
        guard !name.isEmpty else { throw .emptyTableName }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw .duplicateColumn(table: name, column: column.name)
        }
        let rows = columns.first?.count ?? 0
        for column in columns where column.count != rows {
            throw .columnLengthMismatch(table: name, column: column.name, expected: rows, actual: column.count)
        }
        self.name = name
        self.columns = columns
        self.rowCount = rows
    }

    /// Builds a table this library assembled itself: a broken invariant here is a bug, so it traps.
    init(built name: String, _ columns: [ResultColumn]) {
        do {
            try self.init(name: name, columns: columns)
        } catch {
            preconditionFailure(error.localizedDescription)
        }
    }

    /// The column called `name`, if any.
    public func column(_ name: String) -> ResultColumn? {
        columns.first { $0.name == name }
    }

    /// Column names in order.
    public var columnNames: [String] { columns.map(\.name) }
}
