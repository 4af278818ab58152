import Parquet
import RetailData

extension SalesTable {
    /// The EMR `sales` schema: snake_case names, money as DECIMAL(18,3), local timestamps.
    public var parquetColumns: [ParquetColumn] {
        func text(_ name: String, _ column: StringColumn, nullable: Bool = false) -> ParquetColumn {
            ParquetColumn(name: name, type: .string, nullable: nullable, values: .dictionary(dictionary: column.dictionary, codes: column.codes))
        }
        let money = ParquetType.decimal(precision: 18, scale: Money.scale)
        return [
            text("invoice_no", invoiceNo),
            text("stock_code", stockCode),
            text("description", description, nullable: true),
            ParquetColumn(name: "quantity", type: .int64, values: .int64(quantity)),
            ParquetColumn(name: "invoice_ts", type: .timestampMicros(adjustedToUTC: false), values: .int64(invoiceTs)),
            ParquetColumn(name: "unit_price", type: money, values: .int64(unitPrice)),
            text("customer_id", customerId),
            text("country", country),
            ParquetColumn(name: "revenue", type: money, values: .int64(revenue)),
        ]
    }
}
