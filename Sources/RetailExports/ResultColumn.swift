import RetailData

/// One named, typed column of a `ResultTable`.
public struct ResultColumn: Sendable, Equatable {
    public var name: String
    public var values: ColumnValues

    public init(_ name: String, _ values: ColumnValues) {
        self.name = name
        self.values = values
    }

    public var kind: ColumnKind { values.kind }
    public var count: Int { values.count }

    /// Whether any value is null (only string columns can hold nulls), e.g. to choose between a
    /// required and an optional Parquet field.
    public var containsNulls: Bool {
        guard case .string(let column) = values else { return false }
        return column.codes.contains { $0 < 0 }
    }

    /// The decoded strings of a string column, or nil for another kind.
    public var stringValues: [String?]? {
        guard case .string(let column) = values else { return nil }
        return column.codes.map { $0 < 0 ? nil : column.dictionary[Int($0)] }
    }

    /// The values of an `int64`, `money` or `timestamp` column, or nil for another kind.
    public var int64Values: [Int64]? {
        switch values {
        case .int64(let v), .money(let v), .timestamp(let v): v
        default: nil
        }
    }

    /// The values of an `int32` or `date` column, or nil for another kind.
    public var int32Values: [Int32]? {
        switch values {
        case .int32(let v), .date(let v): v
        case .int32Keys(let codes, let keys): codes.map { keys[Int($0)] }
        default: nil
        }
    }
}
