/// The SQL of a PostgreSQL load, phase by phase (pure; `PostgresWarehouse` runs it).
///
/// One transaction: `begin`; per table `stage` then a `COPY "<table>__load" FROM STDIN` and the
/// `totals` check; then `unlinkForeignKeys`, `publish` per table, the foreign keys that are
/// missing; `COMMIT`; `analyze`.
///
/// `replace` builds `<table>__load` in the target schema without keys, then drops the old table,
/// renames the new one into place and adds its primary key: readers wait on the lock and then see
/// the new table. A view on a replaced table makes the drop fail and the load roll back.
/// `append` creates the target if missing, copies into a temporary table and inserts from it.
public struct PostgresLoadStatements: Sendable {
    public static let stagingSuffix = "__load"
    public var ddl: TableDDL
    public var mode: LoadMode

    public init(schema: String, mode: LoadMode) {
        ddl = TableDDL(schema: schema, dialect: .postgres)
        self.mode = mode
    }

    public static func stagingName(_ table: TableSchema) -> String { table.name + stagingSuffix }

    public var begin: [String] {
        ["BEGIN", "CREATE SCHEMA IF NOT EXISTS \"\(ddl.schema)\"", "SET LOCAL search_path TO \"\(ddl.schema)\""]
    }

    /// Creates the staging table that the COPY (unqualified name, found through the search path) fills.
    public func stage(_ table: TableSchema) -> [String] {
        let staging = Self.stagingName(table)
        switch mode {
        case .replace:
            return ["DROP TABLE IF EXISTS \(ddl.qualified(staging))", ddl.createTable(table, as: staging, primaryKey: false, foreignKeys: false)]
        case .append:
            return [ddl.createTable(table, ifNotExists: true, primaryKey: true, foreignKeys: false),
                    "CREATE TEMPORARY TABLE \"\(staging)\" (LIKE \(ddl.qualified(table.name))) ON COMMIT DROP"]
        }
    }

    /// What the staging table holds, to compare with what was sent.
    public func totals(_ table: TableSchema) -> String { ddl.totalsQuery(table, from: "\"\(Self.stagingName(table))\"") }

    /// Drops the foreign keys from or to the replaced tables, so the old tables can be dropped.
    public func unlinkForeignKeys(_ loaded: [TableSchema], known: [TableSchema]) -> [String] {
        guard mode == .replace else { return [] }
        let names = Set(loaded.map(\.name))
        return Self.foreignKeys(known + loaded).filter { names.contains($0.from.name) || names.contains($0.key.table) }
            .map { ddl.dropForeignKey($0.from, $0.key) }
    }

    /// Puts the staged rows in place.
    public func publish(_ table: TableSchema) -> [String] {
        let staging = Self.stagingName(table)
        switch mode {
        case .replace:
            return ["DROP TABLE IF EXISTS \(ddl.qualified(table.name))",
                    "ALTER TABLE \(ddl.qualified(staging)) RENAME TO \"\(table.name)\""] + (ddl.addPrimaryKey(table).map { [$0] } ?? [])
        case .append:
            let columns = TableDDL.list(table.columns.map(\.name))
            return ["INSERT INTO \(ddl.qualified(table.name)) (\(columns)) SELECT \(columns) FROM \"\(staging)\""]
        }
    }

    /// The tables of the schema, to know which foreign keys can be added.
    public var existingTables: String {
        "SELECT c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = '\(ddl.schema)' AND c.relkind IN ('r', 'p')"
    }

    /// The foreign key constraints of the schema.
    public var existingForeignKeys: String {
        "SELECT con.conname::text FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace "
            + "WHERE n.nspname = '\(ddl.schema)' AND con.contype = 'f'"
    }

    /// Adds each foreign key of `tables` whose two tables exist and which is not there yet.
    public func addForeignKeys(_ tables: [TableSchema], existingTables: Set<String>, existingKeys: Set<String>) -> [String] {
        Self.foreignKeys(tables).filter { link in
            existingTables.contains(link.from.name) && existingTables.contains(link.key.table)
                && !existingKeys.contains(link.from.constraintName(link.key))
        }.map { ddl.addForeignKey($0.from, $0.key) }
    }

    public func analyze(_ table: TableSchema) -> String { "ANALYZE \(ddl.qualified(table.name))" }

    /// Every foreign key of `tables`, each once.
    static func foreignKeys(_ tables: [TableSchema]) -> [(from: TableSchema, key: TableSchema.ForeignKey)] {
        var seen = Set<String>()
        var links: [(from: TableSchema, key: TableSchema.ForeignKey)] = []
        for table in tables {
            for key in table.foreignKeys where seen.insert(table.constraintName(key)).inserted { links.append((table, key)) }
        }
        return links
    }
}
