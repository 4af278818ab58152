/// A dictionary-encoded string column: each row holds an index into `dictionary`, or -1 for null.
///
/// Dictionary order is first-appearance order, so the same input always gives the same column.
public struct StringColumn: Sendable, Equatable {
    public var dictionary: [String]
    public var codes: [Int32]

    public init(dictionary: [String] = [], codes: [Int32] = []) {
        self.dictionary = dictionary
        self.codes = codes
    }

    public var count: Int { codes.count }

    /// The value at `row`, or nil when the row is null.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : dictionary[Int(code)]
    }
}

/// Cleaned sales rows, held column by column.
///
/// - `invoiceTs` is microseconds since 1970-01-01T00:00 of the *local* wall-clock time
///   (no time zone conversion: Parquet TIMESTAMP(MICROS, isAdjustedToUTC=false)).
/// - `unitPrice` and `revenue` are fixed-point with 3 decimals (`Money.scale`): 2.55 is 2550.
/// - `revenue[i] == quantity[i] * unitPrice[i]` always holds.
/// - `customerId` is never null: a missing customer is the string `Unknown`.
public struct SalesTable: Sendable, Equatable {
    public var invoiceNo = StringColumn()
    public var stockCode = StringColumn()
    public var description = StringColumn()
    public var quantity: [Int64] = []
    public var invoiceTs: [Int64] = []
    public var unitPrice: [Int64] = []
    public var customerId = StringColumn()
    public var country = StringColumn()
    public var revenue: [Int64] = []

    public init() {}

    public var count: Int { quantity.count }

    /// The customer id that stands for a missing CustomerID.
    public static let unknownCustomer = "Unknown"
}
