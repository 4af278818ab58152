/// One invoice of the serving store: its items by stock code, stored as one row whose `items`
/// column is a JSON array, so a micro-batch writes one B-tree entry per invoice, not per item.
///
/// Item keys in the JSON: `s` stock code, `d` description (or null), `q` quantity, `t` invoice
/// timestamp, `p` unit price, `c` customer, `n` country, `r` revenue, `k` stream sequence. The
/// `invoice_items` view expands them to one row per item for SQL readers.
struct ServedInvoice {
    let invoiceNo: String
    /// Sorted by stock code (bytewise, as SQLite's BINARY collation), one item per stock code.
    private(set) var items: [ServedItem]

    init(invoiceNo: String, items: [ServedItem] = []) {
        self.invoiceNo = invoiceNo
        self.items = items
    }

    /// Puts `item` in place of the item with its stock code, unless that one was written from a
    /// later sequence.
    mutating func merge(_ item: ServedItem) {
        var low = 0, high = items.count
        while low < high {
            let middle = (low + high) / 2
            if Self.less(items[middle].stockCode, item.stockCode) { low = middle + 1 } else { high = middle }
        }
        if low < items.count, items[low].stockCode == item.stockCode {
            if item.seq >= items[low].seq { items[low] = item }
        } else {
            items.insert(item, at: low)
        }
    }

    static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The invoice's summary per customer, as `customer_invoices` holds it.
    var customers: [String: CustomerInvoice] {
        var result: [String: CustomerInvoice] = [:]
        for item in items {
            result[item.customerID, default: CustomerInvoice(firstTs: item.invoiceTs)].add(item)
        }
        return result
    }

    /// The items as the stored JSON array.
    var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.count * 128)
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"s":"#.utf8)
            JSONValue.writeString(item.stockCode, to: &out)
            out.append(contentsOf: #","d":"#.utf8)
            if let description = item.description { JSONValue.writeString(description, to: &out) } else { out.append(contentsOf: "null".utf8) }
            Self.write(#","q":"#, item.quantity, to: &out)
            Self.write(#","t":"#, item.invoiceTs, to: &out)
            Self.write(#","p":"#, item.unitPrice, to: &out)
            out.append(contentsOf: #","c":"#.utf8)
            JSONValue.writeString(item.customerID, to: &out)
            out.append(contentsOf: #","n":"#.utf8)
            JSONValue.writeString(item.country, to: &out)
            Self.write(#","r":"#, item.revenue, to: &out)
            Self.write(#","k":"#, item.seq, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func write(_ key: StaticString, _ value: Int64, to out: inout [UInt8]) {
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: String(value).utf8)
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
            func text(_ key: String) -> String? { if case .string(let text)? = entry[key] { text } else { nil } }
            func number(_ key: String) -> Int64? { if case .number(let text)? = entry[key] { Int64(text) } else { nil } }
            guard let stock = text("s"), let quantity = number("q"), let ts = number("t"), let price = number("p"),
                  let customer = text("c"), let country = text("n"), let revenue = number("r"), let seq = number("k") else {
                throw StreamError.storage("invoice \(invoiceNo): an item lacks a field")
            }
            items.append(ServedItem(invoiceNo: invoiceNo, stockCode: stock, description: text("d"), quantity: quantity, invoiceTs: ts,
                                    unitPrice: price, customerID: customer, country: country, revenue: revenue, seq: seq))
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
        firstTs = min(firstTs, item.invoiceTs)
        itemCount += 1
        revenueBillions += item.revenue / 1_000_000_000
        revenueRest += item.revenue % 1_000_000_000
        seq = max(seq, item.seq)
    }

    var revenue: Int128 { Int128(revenueBillions) * 1_000_000_000 + Int128(revenueRest) }
}
