/// The SQL of a Redshift load (pure). Redshift has no `COPY FROM STDIN`: the server copies files
/// that are already in S3, named by `location(of:)`.
///
/// One transaction: the schema and targets are created if missing (keys are informational in
/// Redshift), each table is copied into a temporary `<table>__load`, its totals are read, then
/// `DELETE` (replace; Redshift's `TRUNCATE` would commit) and `INSERT ... SELECT`. `ANALYZE` after
/// `COMMIT`. Every statement but the `COPY` is also valid PostgreSQL.
public struct RedshiftStatements: Sendable {
    public struct Statement: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// Run it; valid PostgreSQL too.
            case execute
            /// A `COPY ... FROM 's3://...'`: Redshift only.
            case copy
            /// Returns `count(*)` and the money sums of the staged table.
            case totals
        }

        public var kind: Kind
        public var table: String?
        public var sql: String
    }

    public var ddl: TableDDL
    public var mode: LoadMode
    public var iamRole: String

    public init(schema: String, mode: LoadMode, iamRole: String) {
        ddl = TableDDL(schema: schema, dialect: .redshift)
        self.mode = mode
        self.iamRole = iamRole
    }

    /// Where `file` is in S3, given that its source folder was uploaded to `s3URI`: `s3URI/NAME.csv`,
    /// `s3URI/NAME.parquet`, or the prefix `s3URI/NAME/` for a dataset folder.
    public static func location(of file: TableFile, under s3URI: String) -> String {
        let base = s3URI.hasSuffix("/") ? String(s3URI.dropLast()) : s3URI
        let name = file.table.name
        switch file.format {
        case .csv: return "\(base)/\(name).csv"
        case .parquet: return "\(base)/\(name).parquet"
        case .parquetDataset: return "\(base)/\(name)/"
        }
    }

    /// Every statement of the load of `files` (from `s3URI`), in order.
    public func statements(_ files: [TableFile], s3URI: String) -> [Statement] {
        var result = [Statement(kind: .execute, sql: "BEGIN"),
                      Statement(kind: .execute, sql: "CREATE SCHEMA IF NOT EXISTS \"\(ddl.schema)\"")]
        let loaded = Set(files.map(\.table.name))
        for file in files {
            var table = file.table
            table.foreignKeys.removeAll { !loaded.contains($0.table) }
            let staging = PostgresLoadStatements.stagingName(table)
            result.append(Statement(kind: .execute, table: table.name,
                                    sql: ddl.createTable(table, ifNotExists: true, primaryKey: true, foreignKeys: true)))
            result.append(Statement(kind: .execute, table: table.name,
                                    sql: "CREATE TEMPORARY TABLE \"\(staging)\" (LIKE \(ddl.qualified(table.name)))"))
            result.append(Statement(kind: .copy, table: table.name, sql: copy(file, into: staging, s3URI: s3URI)))
            result.append(Statement(kind: .totals, table: table.name, sql: ddl.totalsQuery(table, from: "\"\(staging)\"")))
        }
        for file in files.reversed() where mode == .replace {
            result.append(Statement(kind: .execute, table: file.table.name, sql: "DELETE FROM \(ddl.qualified(file.table.name))"))
        }
        for file in files {
            let columns = TableDDL.list(file.table.columns.map(\.name))
            let staging = PostgresLoadStatements.stagingName(file.table)
            result.append(Statement(kind: .execute, table: file.table.name,
                                    sql: "INSERT INTO \(ddl.qualified(file.table.name)) (\(columns)) SELECT \(columns) FROM \"\(staging)\""))
            result.append(Statement(kind: .execute, table: file.table.name, sql: "DROP TABLE \"\(staging)\""))
        }
        result.append(Statement(kind: .execute, sql: "COMMIT"))
        for file in files {
            result.append(Statement(kind: .execute, table: file.table.name, sql: "ANALYZE \(ddl.qualified(file.table.name))"))
        }
        return result
    }

    /// Columns are matched by position (the files hold them in the table's order).
    /// `COPY "<staging>" FROM '<location>' IAM_ROLE '<role>' FORMAT AS PARQUET`, or CSV
    /// skipping the header line (empty fields as NULL, timestamps and dates read automatically).
    public func copy(_ file: TableFile, into staging: String, s3URI: String) -> String {
        let location = Self.literal(Self.location(of: file, under: s3URI))
        let head = "COPY \"\(staging)\" FROM \(location) IAM_ROLE \(Self.literal(iamRole))"
        switch file.format {
        case .csv: return head + " FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto'"
        case .parquet, .parquetDataset: return head + " FORMAT AS PARQUET"
        }
    }

    /// A single-quoted SQL string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
