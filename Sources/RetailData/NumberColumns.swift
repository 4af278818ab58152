/// The table's four number columns (quantity, invoice_ts, unit_price, revenue), built from the row
/// ids of one or two `CleaningCore`s.
///
/// A large table's are built on a thread of their own while the caller builds the string columns:
/// the work is mostly first touches of 17 MB of fresh memory (4 columns of 8 bytes a row), which
/// would otherwise keep one core busy while the other waits at the end of `clean`.
struct NumberColumns: Sendable {
    var quantity: [Int64] = []
    var invoiceTs: [Int64] = []
    var unitPrice: [Int64] = []
    var revenue: [Int64] = []

    /// Tables of fewer rows are built on the caller's thread: a thread costs more than it saves.
    static let backgroundRows = 1 << 16

    /// `first`'s rows then `second`'s, except `second`'s positions in `skipping` (ascending).
    init(_ first: NumberColumnSource, _ second: NumberColumnSource, skipping: [Int]) {
        quantity = Self.column(first, second, skipping) { $0.quantity($1) }
        invoiceTs = Self.column(first, second, skipping) { $0.timestamp($1) }
        unitPrice = Self.column(first, second, skipping) { $0.price($1) }
        revenue = Self.column(first, second, skipping) { $0.revenue($1) }
    }

    /// Builds them on a new thread when the rows are many, else at once; `wait()` gives them.
    static func start(_ first: NumberColumnSource, _ second: NumberColumnSource, skipping: [Int]) -> () -> NumberColumns {
        guard first.rows + second.rows >= backgroundRows else {
            let columns = NumberColumns(first, second, skipping: skipping)
            return { columns }
        }
        let building = BackgroundResult { NumberColumns(first, second, skipping: skipping) }
        // The work cannot throw.
        return { try! building.wait() }
    }

    @inline(__always)
    private static func column(_ first: NumberColumnSource, _ second: NumberColumnSource, _ skipping: [Int],
                               _ value: (NumberColumnSource, Int) -> Int64) -> [Int64] {
        let total = first.rows + second.rows - skipping.count
        return [Int64](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let out = buffer.baseAddress else { return }
            for row in 0..<first.rows { (out + row).initialize(to: value(first, row)) }
            var written = first.rows
            var nextSkip = 0
            for row in 0..<second.rows {
                if nextSkip < skipping.count && skipping[nextSkip] == row {
                    nextSkip += 1
                    continue
                }
                (out + written).initialize(to: value(second, row))
                written += 1
            }
            initialized = written
        }
    }
}

/// One core's row ids and number values seen through raw pointers, for `NumberColumns`. Valid only
/// while the core's buffers are alive and not appended to.
struct NumberColumnSource: @unchecked Sendable {
    let rows: Int
    let quantityIDs: UnsafePointer<Int32>
    let dateIDs: UnsafePointer<Int32>
    let priceIDs: UnsafePointer<Int32>
    let quantities: UnsafePointer<Int64>
    let dates: UnsafePointer<Int64>
    let prices: UnsafePointer<Int64>
    /// Rows whose values are not in the value tables (`externalRows[-id - 1]`).
    let external: [CleanedRecord]

    @inline(__always)
    func quantity(_ row: Int) -> Int64 {
        let id = Int(quantityIDs[row])
        return id >= 0 ? quantities[id] : external[-id - 1].quantity
    }

    @inline(__always)
    func timestamp(_ row: Int) -> Int64 {
        let id = Int(dateIDs[row])
        return id >= 0 ? dates[id] : external[-id - 1].invoiceTs
    }

    @inline(__always)
    func price(_ row: Int) -> Int64 {
        let id = Int(priceIDs[row])
        return id >= 0 ? prices[id] : external[-id - 1].unitPrice
    }

    /// Quantity × price, checked against `SalesLimits` when the row was kept.
    @inline(__always)
    func revenue(_ row: Int) -> Int64 {
        let id = Int(quantityIDs[row])
        return id >= 0 ? quantities[id] &* prices[Int(priceIDs[row])] : external[-id - 1].revenue
    }
}
