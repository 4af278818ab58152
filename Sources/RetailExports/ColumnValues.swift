import RetailData

/// The values of one `ResultColumn`, stored in the array type that fits its `ColumnKind`.
public enum ColumnValues: Sendable, Equatable {
    /// Dictionary-encoded strings; a code of -1 is null.
    case string(StringColumn)
    case int64([Int64])
    case int32([Int32])
    /// `int32` values kept as a code per row and a value per code: row `i` holds
    /// `keys[codes[i]]` (every code is a valid index). A key column of a large table shares its
    /// rows' dictionary codes instead of holding a second array of them.
    case int32Keys(codes: [Int32], keys: [Int32])
    /// Fixed-point amounts in thousandths (`Money.scale` decimals).
    case money([Int64])
    /// Days since 1970-01-01.
    case date([Int32])
    /// Microseconds since 1970-01-01T00:00 of local wall time (no time zone).
    case timestamp([Int64])

    /// The kind these values have.
    public var kind: ColumnKind {
        switch self {
        case .string: .string
        case .int64: .int64
        case .int32, .int32Keys: .int32
        case .money: .money
        case .date: .date
        case .timestamp: .timestamp
        }
    }

    /// Number of rows.
    public var count: Int {
        switch self {
        case .string(let column): column.count
        case .int64(let values), .money(let values), .timestamp(let values): values.count
        case .int32(let values), .date(let values): values.count
        case .int32Keys(let codes, _): codes.count
        }
    }

    /// A column of plain strings, dictionary-encoded in first-appearance order; nil is null.
    ///
    /// Entries are told apart by their UTF-8 bytes (not by `String` equality, which would merge
    /// canonically equivalent spellings and so change the bytes written).
    public static func strings(_ values: [String?]) -> ColumnValues {
        var index: [[UInt8]: Int32] = [:]
        var column = StringColumn()
        column.codes.reserveCapacity(values.count)
        for value in values {
            guard let value else { column.codes.append(-1); continue }
            let bytes = Array(value.utf8)
            if let code = index[bytes] {
                column.codes.append(code)
            } else {
                let code = Int32(column.dictionary.count)
                index[bytes] = code
                column.dictionary.append(value)
                column.codes.append(code)
            }
        }
        return .string(column)
    }
}
