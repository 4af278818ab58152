/// A warehouse table: its columns in file order, primary key and foreign keys.
public struct TableSchema: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var name: String
        public var type: ColumnType
        public var nullable: Bool

        public init(_ name: String, _ type: ColumnType, nullable: Bool = false) {
            self.name = name
            self.type = type
            self.nullable = nullable
        }
    }

    /// `column` references `table`'s `referencedColumn`.
    public struct ForeignKey: Sendable, Hashable {
        public var column: String
        public var table: String
        public var referencedColumn: String

        public init(_ column: String, references table: String, _ referencedColumn: String) {
            self.column = column
            self.table = table
            self.referencedColumn = referencedColumn
        }
    }

    public var name: String
    public var columns: [Column]
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKey]

    public init(name: String, columns: [Column], primaryKey: [String] = [], foreignKeys: [ForeignKey] = []) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
    }

    /// A table the loader knows nothing about: every column of `header` is nullable `TEXT`, no keys.
    public static func allText(name: String, header: [String]) -> TableSchema {
        TableSchema(name: name, columns: header.map { Column($0, .text, nullable: true) })
    }

    /// The money columns, whose sums are checked after a load.
    public var moneyColumns: [String] { columns.filter { $0.type == .money }.map(\.name) }

    /// The name of the primary key constraint.
    public var primaryKeyName: String { name + "_pkey" }

    /// The name of `key`'s constraint.
    public func constraintName(_ key: ForeignKey) -> String { "\(name)_\(key.column)_fkey" }
}
