import Foundation
import RetailData

/// The CPU part of a serving upsert: each invoice's stored items merged with the micro-batch's rows
/// and encoded back to JSON, with the invoices shared between two threads when the batch is large.
/// No database here: the caller reads the stored items first and writes the results after, in its
/// one transaction.
enum InvoiceMerge {
    /// One invoice after the merge.
    struct Merged {
        var invoiceNo: String
        /// The customers its stored items had, before the merge.
        var before: [String]
        /// Its part for each customer after the merge (the `customer_invoices` rows).
        var after: [(customer: String, part: CustomerInvoice)]
        /// All its items: count and revenue.
        var total: CustomerInvoice
        /// Its items as the `items` column stores them.
        var json: [UInt8]
    }

    /// Batches of fewer rows are merged on the calling thread alone.
    static let splitRows = 8_192

    /// Merges invoice `i` of `invoices`, stored as `stored[i]` (nil: not stored yet), with the
    /// table rows `rows[i]`; the results are in the order of `invoices` whatever the split.
    static func run(_ table: SalesTable, seqs: [Int64], invoices: [String], rows: [[Int]], stored: [[UInt8]?],
                    split: Bool = ProcessInfo.processInfo.activeProcessorCount >= 2) throws -> [Merged] {
        precondition(rows.count == invoices.count && stored.count == invoices.count, "one row list and one stored value per invoice")
        guard split && table.count >= splitRows && invoices.count >= 2 else {
            return try merge(invoices.indices, table, seqs: seqs, invoices: invoices, rows: rows, stored: stored)
        }
        // Halves of about the same number of rows.
        var middle = 0
        var taken = 0
        while middle < invoices.count - 1 && taken < table.count / 2 {
            taken += rows[middle].count
            middle += 1
        }
        let boundary = middle
        let later = BackgroundResult {
            try merge(boundary..<invoices.count, table, seqs: seqs, invoices: invoices, rows: rows, stored: stored)
        }
        let earlier = Result { try merge(0..<boundary, table, seqs: seqs, invoices: invoices, rows: rows, stored: stored) }
        // Waited for even when the first half failed, so that no thread outlives the call.
        let second = Result { try later.wait() }
        return try earlier.get() + second.get()
    }

    private static func merge(_ range: Range<Int>, _ table: SalesTable, seqs: [Int64], invoices: [String],
                              rows: [[Int]], stored: [[UInt8]?]) throws -> [Merged] {
        var result: [Merged] = []
        result.reserveCapacity(range.count)
        for index in range {
            let invoiceNo = invoices[index]
            var invoice = try stored[index].map { try ServedInvoice(invoiceNo: invoiceNo, json: $0) } ?? ServedInvoice(invoiceNo: invoiceNo)
            var before: [String] = []
            for item in invoice.items where !before.contains(item.customerID) { before.append(item.customerID) }
            for row in rows[index] {
                invoice.merge(ServedItem(invoiceNo: invoiceNo, stockCode: table.stockCode[row] ?? "", description: table.description[row],
                                         quantity: table.quantity[row], invoiceTs: table.invoiceTs[row], unitPrice: table.unitPrice[row],
                                         customerID: table.customerId[row] ?? SalesTable.unknownCustomer, country: table.country[row] ?? "",
                                         revenue: table.revenue[row], seq: seqs[row]))
            }
            let total = invoice.items.reduce(into: CustomerInvoice(firstTs: 0)) { $0.add($1) }
            var json: [UInt8] = []
            json.reserveCapacity(invoice.items.count * 128 + 2)
            invoice.writeJSON(to: &json)
            result.append(Merged(invoiceNo: invoiceNo, before: before, after: invoice.customers, total: total, json: json))
        }
        return result
    }
}
