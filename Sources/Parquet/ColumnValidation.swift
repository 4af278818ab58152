/// Checks that apply to whole columns before any encoding starts.
enum ColumnValidation {
    /// Validates names, lengths, type/value agreement and decimal parameters;
    /// returns the common row count.
    static func validate(_ columns: [ParquetColumn]) throws -> Int {
        guard let first = columns.first else { throw ParquetError.noColumns }
        let rowCount = first.values.count
        var seen = Set<String>()
        for (index, column) in columns.enumerated() {
            guard !column.name.isEmpty else { throw ParquetError.emptyColumnName(index: index) }
            guard seen.insert(column.name).inserted else { throw ParquetError.duplicateColumnName(column.name) }
            guard column.values.count == rowCount else {
                throw ParquetError.columnLengthMismatch(column: column.name, expected: rowCount,
                                                        actual: column.values.count)
            }
            if let validity = column.validity, validity.count != rowCount {
                throw ParquetError.validityLengthMismatch(column: column.name, expected: rowCount,
                                                          actual: validity.count)
            }
            guard accepts(column.type, column.values) else {
                throw ParquetError.typeMismatch(column: column.name, type: column.type.displayName,
                                                values: column.values.kindName)
            }
            if case .decimal(let precision, let scale) = column.type,
               !(1...18).contains(precision) || !(0...precision).contains(scale) {
                throw ParquetError.invalidDecimal(column: column.name, precision: precision, scale: scale)
            }
        }
        return rowCount
    }

    /// Whether `values` can be stored as `type`.
    static func accepts(_ type: ParquetType, _ values: ParquetValues) -> Bool {
        switch (type, values) {
        case (.string, .strings), (.string, .dictionary): return true
        case (.int64, .int64), (.timestampMicros, .int64), (.decimal, .int64): return true
        case (.int32, .int32), (.date, .int32): return true
        case (.double, .double): return true
        default: return false
        }
    }

    /// Throws if any row in `selection` is outside `0..<rowCount`.
    static func validate(rows: [Int], rowCount: Int) throws {
        for row in rows where row < 0 || row >= rowCount {
            throw ParquetError.rowIndexOutOfRange(row: row, rowCount: rowCount)
        }
    }

    /// Throws for the first selected, non-null decimal whose magnitude needs
    /// more than `precision` digits.
    static func checkDecimalRange(_ column: ParquetColumn, values: [Int64], precision: Int,
                                  selection: RowSelection) throws {
        let limit = decimalLimit(precision: precision)
        try selection.forEach { _, row in
            let v = values[row]
            if (v > limit || v < -limit) && column.validity?[row] != false {
                throw ParquetError.decimalOutOfRange(column: column.name, row: row, value: v, precision: precision)
            }
        }
    }

    /// Largest unscaled magnitude a decimal of `precision` digits can hold.
    static func decimalLimit(precision: Int) -> Int64 {
        var bound: Int64 = 1
        for _ in 0..<min(precision, 18) { bound *= 10 }
        return bound - 1
    }
}
