/// The DDL of a `TableSchema` in a schema and dialect. Names are assumed valid (`SQLIdentifier`).
public struct TableDDL: Sendable {
    public var schema: String
    public var dialect: WarehouseDialect

    public init(schema: String, dialect: WarehouseDialect) {
        self.schema = schema
        self.dialect = dialect
    }

    public func qualified(_ name: String) -> String { SQLIdentifier.qualified(schema, name) }

    /// `CREATE TABLE`, with the primary key and the foreign keys inline when asked.
    public func createTable(_ table: TableSchema, as name: String? = nil, ifNotExists: Bool = false,
                            primaryKey: Bool, foreignKeys: Bool) -> String {
        var lines = table.columns.map { "\"\($0.name)\" \($0.type.sql(dialect))\($0.nullable ? "" : " NOT NULL")" }
        if primaryKey, !table.primaryKey.isEmpty {
            lines.append("CONSTRAINT \"\(table.primaryKeyName)\" PRIMARY KEY (\(Self.list(table.primaryKey)))")
        }
        if foreignKeys {
            for key in table.foreignKeys {
                lines.append("FOREIGN KEY (\"\(key.column)\") REFERENCES \(qualified(key.table)) (\"\(key.referencedColumn)\")")
            }
        }
        return "CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(qualified(name ?? table.name)) (\n  "
            + lines.joined(separator: ",\n  ") + "\n)"
    }

    /// `ALTER TABLE ... ADD CONSTRAINT name PRIMARY KEY`, or nil for a table without one.
    public func addPrimaryKey(_ table: TableSchema) -> String? {
        guard !table.primaryKey.isEmpty else { return nil }
        return "ALTER TABLE \(qualified(table.name)) ADD CONSTRAINT \"\(table.primaryKeyName)\" PRIMARY KEY (\(Self.list(table.primaryKey)))"
    }

    public func addForeignKey(_ table: TableSchema, _ key: TableSchema.ForeignKey) -> String {
        "ALTER TABLE \(qualified(table.name)) ADD CONSTRAINT \"\(table.constraintName(key))\" FOREIGN KEY (\"\(key.column)\") "
            + "REFERENCES \(qualified(key.table)) (\"\(key.referencedColumn)\")"
    }

    public func dropForeignKey(_ table: TableSchema, _ key: TableSchema.ForeignKey) -> String {
        "ALTER TABLE IF EXISTS \(qualified(table.name)) DROP CONSTRAINT IF EXISTS \"\(table.constraintName(key))\""
    }

    /// `count(*)` and each money column's sum, all as text, from `relation` (already quoted/qualified).
    public func totalsQuery(_ table: TableSchema, from relation: String) -> String {
        let sums = table.moneyColumns.map { ", coalesce(sum(\"\($0)\"), 0)::numeric(38,3)::text" }.joined()
        return "SELECT count(*)::text\(sums) FROM \(relation)"
    }

    static func list(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }
}
