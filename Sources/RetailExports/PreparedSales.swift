import RetailData

/// A validated `SalesTable` with the per-row day and month numbers, the row indexes and the
/// per-product summary that all aggregates and exports share. Build it once per batch and pass it
/// to each of them.
///
/// Building is O(rows) with no hashing of row values; it throws when the table breaks an invariant
/// the aggregates rely on (equal column lengths, in-range codes, no null invoice/stock
/// code/customer/country, distinct dictionary entries, numbers within `SalesLimits`).
public struct PreparedSales: Sendable {
    public let table: SalesTable
    /// Days since 1970-01-01 of every row's invoice timestamp.
    let dayOfRow: [Int32]
    /// Month group of every row: months since `firstMonth`.
    let monthOfRow: [Int32]
    /// The first day of the earliest month with data (nil for an empty table).
    let firstMonth: CalendarDay?
    /// Number of months from the first to the last month with data, inclusive.
    let monthCount: Int
    /// Earliest and latest day with data.
    let dayRange: ClosedRange<Int>?
    /// Dictionary code of `Unknown` in `customerId`, if present.
    let unknownCustomer: Int32?

    let invoiceRows: RowIndex
    let customerRows: RowIndex
    let stockRows: RowIndex

    let stockRank: [Int32]
    let descriptionRank: [Int32]
    let customerRank: [Int32]
    let countryRank: [Int32]

    /// The per-product sums, price ranges and descriptions `top_products` and `dim_product` share.
    let products: ProductSummary

    public init(_ table: SalesTable) throws(SalesTableError) {
        try Self.validate(table)
        self.table = table

        var days = [Int32](repeating: 0, count: table.count)
        var minDay = Int.max
        var maxDay = Int.min
        for (row, micros) in table.invoiceTs.enumerated() {
            let day = WallClock.day(ofMicros: micros)
            days[row] = Int32(truncatingIfNeeded: day)
            minDay = min(minDay, day)
            maxDay = max(maxDay, day)
        }
        dayOfRow = days

        if table.count > 0 {
            let first = CalendarDay(daysSinceEpoch: minDay).firstOfMonth
            let base = first.monthIndex
            var months = [Int32](repeating: 0, count: table.count)
            var cachedDay = Int32.min
            var cachedMonth: Int32 = 0
            for row in 0..<table.count {
                let day = days[row]
                if day != cachedDay {
                    cachedDay = day
                    cachedMonth = Int32(CalendarDay(daysSinceEpoch: Int(day)).monthIndex - base)
                }
                months[row] = cachedMonth
            }
            monthOfRow = months
            firstMonth = first
            monthCount = CalendarDay(daysSinceEpoch: maxDay).monthIndex - base + 1
            dayRange = minDay...maxDay
        } else {
            monthOfRow = []
            firstMonth = nil
            monthCount = 0
            dayRange = nil
        }

        unknownCustomer = table.customerId.dictionary.firstIndex(of: SalesTable.unknownCustomer).map(Int32.init)
        invoiceRows = RowIndex(codes: table.invoiceNo.codes, keyCount: table.invoiceNo.dictionary.count)
        customerRows = RowIndex(codes: table.customerId.codes, keyCount: table.customerId.dictionary.count)
        stockRows = RowIndex(codes: table.stockCode.codes, keyCount: table.stockCode.dictionary.count)
        stockRank = DictionaryOrder.ranks(of: table.stockCode.dictionary)
        descriptionRank = DictionaryOrder.ranks(of: table.description.dictionary)
        customerRank = DictionaryOrder.ranks(of: table.customerId.dictionary)
        countryRank = DictionaryOrder.ranks(of: table.country.dictionary)
        products = ProductSummary(table, invoiceRows: invoiceRows, stockRows: stockRows, descriptionRank: descriptionRank)
    }

    /// The calendar month of month group `index`.
    func month(_ index: Int) -> CalendarDay {
        guard let firstMonth else { preconditionFailure("no months in an empty table") }
        let total = firstMonth.monthIndex + index
        return CalendarDay(year: total / 12, month: total % 12 + 1, day: 1)
    }

    private static func validate(_ table: SalesTable) throws(SalesTableError) {
        let rows = table.count
        let lengths: [(String, Int)] = [
            ("invoice_no", table.invoiceNo.count), ("stock_code", table.stockCode.count),
            ("description", table.description.count), ("quantity", table.quantity.count),
            ("invoice_ts", table.invoiceTs.count),
            ("unit_price", table.unitPrice.count), ("customer_id", table.customerId.count),
            ("country", table.country.count), ("revenue", table.revenue.count),
        ]
        for (name, count) in lengths where count != rows {
            throw .columnLengthMismatch(column: name, expected: rows, actual: count)
        }
        try check(table.invoiceNo, "invoice_no", nullable: false)
        try check(table.stockCode, "stock_code", nullable: false)
        try check(table.description, "description", nullable: true)
        try check(table.customerId, "customer_id", nullable: false)
        try check(table.country, "country", nullable: false)
        if let bad = SalesLimits.firstValueOutOfRange(in: table) {
            throw .valueOutOfRange(column: bad.column, row: bad.row, value: bad.value)
        }
    }

    private static func check(_ column: StringColumn, _ name: String, nullable: Bool) throws(SalesTableError) {
        let size = Int32(column.dictionary.count)
        let lowest: Int32 = nullable ? -1 : 0
        // With no entries and no nulls allowed, every code is out of range.
        let firstBad = size - 1 < lowest ? column.codes.indices.first : RangeScan.firstIndex(in: column.codes, outside: lowest...(size - 1))
        if let row = firstBad {
            let code = column.codes[row]
            if code == -1 { throw .nullValue(column: name, row: row) }
            throw .codeOutOfRange(column: name, row: row, code: code)
        }
        // Entries must differ in their bytes, as the grouping sees them.
        if let value = RepeatedBytes.first(in: column.dictionary) {
            throw .duplicateDictionaryEntry(column: name, value: value)
        }
    }
}
