/// The tables of one load, the schema they go to and the mode.
public struct LoadRequest: Sendable {
    public var schema: String
    public var mode: LoadMode
    public var tables: [TableFile]

    public init(schema: String = "public", mode: LoadMode = .replace, tables: [TableFile]) {
        self.schema = schema
        self.mode = mode
        self.tables = tables
    }
}

/// One table of a load: its definition and the local file (or Parquet dataset folder) holding its rows.
public struct TableFile: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        /// A CSV file with a header line (an optional UTF-8 BOM, LF or CRLF).
        case csv
        /// A single Parquet file.
        case parquet
        /// A folder of Parquet files (a dataset, possibly Hive-partitioned).
        case parquetDataset
    }

    public var table: TableSchema
    public var path: String
    public var format: Format

    public init(table: TableSchema, path: String, format: Format) {
        self.table = table
        self.path = path
        self.format = format
    }
}
