import RetailData

/// A micro-batch's string columns prepared once for the serving merge: each dictionary entry's
/// JSON text, and the stock codes' byte order as ranks.
///
/// The merge used to build a `ServedItem` (four `String`s) per row and escape each string again for
/// every item that carried it; retains, releases and escapes were about a fifth of a batch's CPU.
/// A batch has a few thousand distinct strings per column against 300,000 rows.
struct MergeColumns: Sendable {
    let stockCode: JSONStrings
    let description: JSONStrings
    let customer: JSONStrings
    let country: JSONStrings
    /// Per row: the place of its stock code in bytewise order. Codes with the same bytes have the
    /// same rank: they are one item's key.
    let stockRank: [Int32]

    init(_ table: SalesTable) {
        stockCode = JSONStrings(table.stockCode, null: "")
        description = JSONStrings(table.description, null: nil)
        customer = JSONStrings(table.customerId, null: SalesTable.unknownCustomer)
        country = JSONStrings(table.country, null: "")
        let strings = [""] + table.stockCode.dictionary
        let order = strings.indices.sorted { ServedInvoice.less(strings[$0], strings[$1]) }
        var rank = [Int32](repeating: 0, count: strings.count)
        var current: Int32 = 0
        for (position, entry) in order.enumerated() {
            if position > 0 && ServedInvoice.less(strings[order[position - 1]], strings[entry]) { current += 1 }
            rank[entry] = current
        }
        stockRank = table.stockCode.codes.map { rank[Int($0) + 1] }
    }
}

/// A string column's dictionary as JSON text: entry `code + 1` is the quoted, escaped string, and
/// entry 0 stands for null.
struct JSONStrings: Sendable {
    private var bytes: [UInt8] = []
    /// Entry `k` is `bytes[ends[k - 1]..<ends[k]]`, with `ends[-1]` taken as 0.
    private var ends: [Int] = []

    /// `null` is the string a null row stands for, or nil to write JSON's `null`.
    init(_ column: StringColumn, null: String?) {
        ends.reserveCapacity(column.dictionary.count + 1)
        if let null { JSONValue.writeString(null, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        ends.append(bytes.count)
        for text in column.dictionary {
            JSONValue.writeString(text, to: &bytes)
            ends.append(bytes.count)
        }
    }

    /// Appends the JSON text of dictionary code `code` (-1 for null) to `out`.
    func append(code: Int32, to out: inout [UInt8]) {
        let entry = Int(code) + 1
        let start = entry == 0 ? 0 : ends[entry - 1]
        bytes.withUnsafeBufferPointer { buffer in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<ends[entry]]))
        }
    }
}
