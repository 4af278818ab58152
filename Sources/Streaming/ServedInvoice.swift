import Foundation

/// One invoice of the serving store: its items by stock code, stored as one row whose `items`
/// column is a JSON array, so a micro-batch writes one B-tree entry per invoice, not per item.
///
/// Each item is an array: `[stock_code, description or null, quantity, invoice_ts, unit_price,
/// customer_id, country, revenue, seq]`. The `invoice_items` view expands them to one row per item
/// with named columns for SQL readers.
struct ServedInvoice {
    let invoiceNo: String
    /// Sorted by stock code (bytewise, as SQLite's BINARY collation), one item per stock code.
    private(set) var items: [ServedItem]

    init(invoiceNo: String, items: [ServedItem] = []) {
        self.invoiceNo = invoiceNo
        self.items = items
    }

    /// Puts `item` in place of the item with its stock code (the same bytes, as SQLite's BINARY
    /// collation compares them), unless that one was written from a later sequence.
    mutating func merge(_ item: ServedItem) {
        var low = 0, high = items.count
        while low < high {
            let middle = (low + high) / 2
            if Self.less(items[middle].stockCode, item.stockCode) { low = middle + 1 } else { high = middle }
        }
        if low < items.count, !Self.less(item.stockCode, items[low].stockCode) {  // the same bytes
            if item.seq >= items[low].seq { items[low] = item }
        } else {
            items.insert(item, at: low)
        }
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes (one `memcmp`; the generic
    /// `lexicographicallyPrecedes` on the views took about 2 % of a micro-batch's CPU).
    static func less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0, let px = x.baseAddress, let py = y.baseAddress {
                    let order = memcmp(px, py, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    /// Appends the items as the stored JSON array to `out`.
    func writeJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.writeJSON(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends one item as the stored JSON array of its fields to `out`.
    static func writeJSON(_ item: ServedItem, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        JSONValue.writeString(item.stockCode, to: &out)
        out.append(UInt8(ascii: ","))
        if let description = item.description { JSONValue.writeString(description, to: &out) } else { out.append(contentsOf: "null".utf8) }
        writeDecimal(item.quantity, after: UInt8(ascii: ","), to: &out)
        writeDecimal(item.invoiceTs, after: UInt8(ascii: ","), to: &out)
        writeDecimal(item.unitPrice, after: UInt8(ascii: ","), to: &out)
        out.append(UInt8(ascii: ","))
        JSONValue.writeString(item.customerID, to: &out)
        out.append(UInt8(ascii: ","))
        JSONValue.writeString(item.country, to: &out)
        writeDecimal(item.revenue, after: UInt8(ascii: ","), to: &out)
        writeDecimal(item.seq, after: UInt8(ascii: ","), to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Appends `separator`, then `value` in decimal without building a String.
    static func writeDecimal(_ value: Int64, after separator: UInt8, to out: inout [UInt8]) {
        out.append(separator)
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            // As a buffer, not a slice: the slice took Array's element-by-element path.
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }

    /// Reads a stored `items` array back; a malformed one is a storage error that names the invoice.
    init(invoiceNo: String, json: [UInt8]) throws(StreamError) {
        self.invoiceNo = invoiceNo
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch { throw StreamError.storage("invoice \(invoiceNo): unreadable items: \(error)") }
        guard case .array(let entries) = value else { throw StreamError.storage("invoice \(invoiceNo): items are not an array") }
        items = []
        items.reserveCapacity(entries.count)
        for entry in entries {
            guard case .array(let fields) = entry, fields.count == 9,
                  case .string(let stock) = fields[0], case .number(let quantity) = fields[2], case .number(let ts) = fields[3],
                  case .number(let price) = fields[4], case .string(let customer) = fields[5], case .string(let country) = fields[6],
                  case .number(let revenue) = fields[7], case .number(let seq) = fields[8],
                  let quantity = Int64(quantity), let ts = Int64(ts), let price = Int64(price), let revenue = Int64(revenue), let seq = Int64(seq)
            else { throw StreamError.storage("invoice \(invoiceNo): an item is not [stock, description, quantity, ts, price, customer, country, revenue, seq]") }
            var description: String?
            if case .string(let text) = fields[1] { description = text }
            items.append(ServedItem(invoiceNo: invoiceNo, stockCode: stock, description: description, quantity: quantity, invoiceTs: ts,
                                    unitPrice: price, customerID: customer, country: country, revenue: revenue, seq: seq))
        }
        // Written sorted; a row built another way (SQLite does not promise json_group_array's
        // order) is put in order, one item per stock code, before anything searches it.
        if !zip(items, items.dropFirst()).allSatisfy({ Self.less($0.stockCode, $1.stockCode) }) {
            let stored = items
            items = []
            for item in stored { merge(item) }
        }
    }
}

/// A customer's part of one invoice: first timestamp, item count, exact revenue and latest sequence.
struct CustomerInvoice: Equatable {
    var firstTs: Int64
    var itemCount = 0
    /// Revenue split as `billions * 10^9 + rest`: neither sum can overflow 64 bits at any item count
    /// an invoice can hold, and they are joined in 128 bits when read.
    var revenueBillions: Int64 = 0
    var revenueRest: Int64 = 0
    var seq: Int64 = 0

    mutating func add(_ item: ServedItem) {
        add(invoiceTs: item.invoiceTs, revenue: item.revenue, seq: item.seq)
    }

    mutating func add(invoiceTs: Int64, revenue: Int64, seq: Int64) {
        firstTs = min(firstTs, invoiceTs)
        itemCount += 1
        revenueBillions += revenue / 1_000_000_000
        revenueRest += revenue % 1_000_000_000
        self.seq = max(self.seq, seq)
    }

    var revenue: Int128 { Int128(revenueBillions) * 1_000_000_000 + Int128(revenueRest) }
}
