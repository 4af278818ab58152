/// The SQL type of a warehouse column.
public enum ColumnType: Sendable, Hashable {
    /// 64-bit integers: surrogate keys, counts, quantities.
    case bigint
    /// 32-bit integers: calendar parts, scores, day counts.
    case integer
    /// Money: `NUMERIC(18,3)`, exact thousandths.
    case money
    /// Wall-clock timestamps without a zone (`yyyy-MM-dd HH:mm:ss[.ffffff]`).
    case timestamp
    case date
    /// `true`/`false` in the files.
    case boolean
    case text

    /// The type's name in `dialect`. Redshift's `TEXT` is `VARCHAR(256)`, so text is `VARCHAR(65535)` there.
    public func sql(_ dialect: WarehouseDialect) -> String {
        switch self {
        case .bigint: "BIGINT"
        case .integer: "INTEGER"
        case .money: "NUMERIC(18,3)"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .boolean: "BOOLEAN"
        case .text: dialect == .redshift ? "VARCHAR(65535)" : "TEXT"
        }
    }
}
