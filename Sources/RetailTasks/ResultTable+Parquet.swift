import Parquet
import RetailData
import RetailExports

extension ResultTable {
    /// The table's columns as Parquet columns (money as DECIMAL(18,3), timestamps local).
    var parquetColumns: [ParquetColumn] {
        columns.map { column in
            switch column.values {
            case .string(let strings):
                ParquetColumn(name: column.name, type: .string, nullable: column.containsNulls,
                              values: .dictionary(dictionary: strings.dictionary, codes: strings.codes))
            case .int64(let values):
                ParquetColumn(name: column.name, type: .int64, values: .int64(values))
            case .int32(let values):
                ParquetColumn(name: column.name, type: .int32, values: .int32(values))
            case .int32Keys(let codes, let keys):
                ParquetColumn(name: column.name, type: .int32, values: .int32(codes.map { keys[Int($0)] }))
            case .money(let values):
                ParquetColumn(name: column.name, type: .decimal(precision: 18, scale: Money.scale), values: .int64(values))
            case .date(let values):
                ParquetColumn(name: column.name, type: .date, values: .int32(values))
            case .timestamp(let values):
                ParquetColumn(name: column.name, type: .timestampMicros(adjustedToUTC: false), values: .int64(values))
            }
        }
    }
}
