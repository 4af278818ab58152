import PostgresNIO

extension PostgresRandomAccessRow {
    /// The value of the named column (which the query must select), decoded.
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }
}
