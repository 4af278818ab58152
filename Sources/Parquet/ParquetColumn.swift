/// One column to write: a name, a type, whether it may hold nulls, and its values.
public struct ParquetColumn: Sendable {
    /// Column name as it appears in the schema.
    public var name: String
    /// Logical type of the column.
    public var type: ParquetType
    /// Whether the column is `OPTIONAL` (may hold nulls) rather than `REQUIRED`.
    public var nullable: Bool
    /// The values, one per source row.
    public var values: ParquetValues
    /// Optional validity mask, one entry per source row: `false` marks a null.
    /// Works with every kind of values (nulls in `.strings` / code `-1` in
    /// `.dictionary` are nulls as well). Requires `nullable`.
    public var validity: [Bool]?

    /// Creates a column description.
    public init(name: String, type: ParquetType, nullable: Bool = false,
                values: ParquetValues, validity: [Bool]? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.values = values
        self.validity = validity
    }
}
