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

    /// Batches of fewer rows are merged on the calling thread alone; larger ones are cut into
    /// chunks of about this many rows, merged on two threads.
    static let splitRows = 8_192

    /// The merge of invoice `i` of `invoices`, stored as `stored[i]` (nil: not stored yet), with
    /// the table rows `rows[i]`, as a pipeline of chunks of consecutive invoices: take them in
    /// order. With `split`, a thread of its own is started for the pipeline's helper; wait for it
    /// (whatever happened) before returning.
    ///
    /// Each invoice comes out as `ServedInvoice.merge` gives it item by item: per stock code, the
    /// item of the latest sequence, a later row winning a tie, and the stored item kept unless a
    /// row's sequence is at least its own. The batch's rows are written from the table's columns,
    /// never as `ServedItem`s.
    static func start(_ table: SalesTable, seqs: [Int64], invoices: [String], rows: [[Int]], stored: [[UInt8]?],
                      split: Bool = ProcessInfo.processInfo.activeProcessorCount >= 2) -> (ChunkPipeline<[Merged]>, helper: BackgroundResult<Void>?) {
        precondition(rows.count == invoices.count && stored.count == invoices.count, "one row list and one stored value per invoice")
        var chunks: [Range<Int>] = []
        var start = 0, taken = 0
        for index in invoices.indices {
            taken += rows[index].count
            if taken >= splitRows || index == invoices.count - 1 {
                chunks.append(start..<(index + 1))
                start = index + 1
                taken = 0
            }
        }
        let merger = Merger(table: table, columns: MergeColumns(table), seqs: seqs, invoices: invoices, rows: rows, stored: stored)
        let ranges = chunks
        let pipeline = ChunkPipeline(count: ranges.count) { try merger.merge(ranges[$0]) }
        guard split && table.count >= splitRows && ranges.count >= 2 else { return (pipeline, nil) }
        return (pipeline, BackgroundResult { pipeline.makeAll() })
    }

    /// One entry of a merged invoice: a row of the batch, or an item that was stored.
    private enum Entry {
        case row(Int)
        case stored(ServedItem)
    }

    private struct Merger: Sendable {
        let table: SalesTable
        let columns: MergeColumns
        let seqs: [Int64]
        let invoices: [String]
        let rows: [[Int]]
        let stored: [[UInt8]?]

        func merge(_ range: Range<Int>) throws -> [Merged] {
            try columns.stockRank.withUnsafeBufferPointer { rank in
                try seqs.withUnsafeBufferPointer { seqs in try merge(range, rank: rank, seqs: seqs) }
            }
        }

        /// `rank` is each row's stock code rank; the buffers keep the sort's comparisons free of
        /// retains.
        private func merge(_ range: Range<Int>, rank: UnsafeBufferPointer<Int32>, seqs: UnsafeBufferPointer<Int64>) throws -> [Merged] {
            var result: [Merged] = []
            result.reserveCapacity(range.count)
            var sorted: [Int] = []
            var entries: [Entry] = []
            for index in range {
                let invoiceNo = invoices[index]
                let kept = try stored[index].map { try ServedInvoice(invoiceNo: invoiceNo, json: $0).items } ?? []
                var before: [String] = []
                for item in kept where !before.contains(item.customerID) { before.append(item.customerID) }
                // The batch's rows by stock code, then row; per stock code the last of the latest sequence.
                sorted.removeAll(keepingCapacity: true)
                sorted.append(contentsOf: rows[index])
                sorted.sort { a, b in rank[a] != rank[b] ? rank[a] < rank[b] : a < b }
                entries.removeAll(keepingCapacity: true)
                var next = 0  // the next stored item
                var position = 0
                while position < sorted.count {
                    let code = rank[sorted[position]]
                    var winner = sorted[position]
                    position += 1
                    while position < sorted.count && rank[sorted[position]] == code {
                        if seqs[sorted[position]] >= seqs[winner] { winner = sorted[position] }
                        position += 1
                    }
                    if !kept.isEmpty {
                        let stock = table.stockCode[winner] ?? ""
                        while next < kept.count && ServedInvoice.less(kept[next].stockCode, stock) {
                            entries.append(.stored(kept[next]))
                            next += 1
                        }
                        if next < kept.count && !ServedInvoice.less(stock, kept[next].stockCode) {
                            entries.append(seqs[winner] >= kept[next].seq ? .row(winner) : .stored(kept[next]))
                            next += 1
                            continue
                        }
                    }
                    entries.append(.row(winner))
                }
                while next < kept.count {
                    entries.append(.stored(kept[next]))
                    next += 1
                }
                result.append(finish(invoiceNo, before: before, entries))
            }
            return result
        }

        /// Totals, customers' parts and JSON of the merged entries, in stock code order.
        private func finish(_ invoiceNo: String, before: [String], _ entries: [Entry]) -> Merged {
            var total = CustomerInvoice(firstTs: 0)
            var after: [(customer: String, part: CustomerInvoice)] = []
            var json: [UInt8] = []
            json.reserveCapacity(entries.count * 128 + 2)
            json.append(UInt8(ascii: "["))
            for (index, entry) in entries.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                let customer: String, invoiceTs: Int64, revenue: Int64, seq: Int64
                switch entry {
                case .row(let row):
                    customer = table.customerId[row] ?? SalesTable.unknownCustomer
                    (invoiceTs, revenue, seq) = (table.invoiceTs[row], table.revenue[row], seqs[row])
                    write(row: row, to: &json)
                case .stored(let item):
                    customer = item.customerID
                    (invoiceTs, revenue, seq) = (item.invoiceTs, item.revenue, item.seq)
                    ServedInvoice.writeJSON(item, to: &json)
                }
                total.add(invoiceTs: invoiceTs, revenue: revenue, seq: seq)
                if let slot = after.firstIndex(where: { $0.customer == customer }) {
                    after[slot].part.add(invoiceTs: invoiceTs, revenue: revenue, seq: seq)
                } else {
                    var part = CustomerInvoice(firstTs: invoiceTs)
                    part.add(invoiceTs: invoiceTs, revenue: revenue, seq: seq)
                    after.append((customer, part))
                }
            }
            json.append(UInt8(ascii: "]"))
            return Merged(invoiceNo: invoiceNo, before: before, after: after, total: total, json: json)
        }

        /// A row as a stored item: `[stock_code, description, quantity, invoice_ts, unit_price,
        /// customer_id, country, revenue, seq]`, as `ServedInvoice.writeJSON` writes one.
        private func write(row: Int, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "["))
            columns.stockCode.append(code: table.stockCode.codes[row], to: &out)
            out.append(UInt8(ascii: ","))
            columns.description.append(code: table.description.codes[row], to: &out)
            ServedInvoice.writeDecimal(table.quantity[row], after: UInt8(ascii: ","), to: &out)
            ServedInvoice.writeDecimal(table.invoiceTs[row], after: UInt8(ascii: ","), to: &out)
            ServedInvoice.writeDecimal(table.unitPrice[row], after: UInt8(ascii: ","), to: &out)
            out.append(UInt8(ascii: ","))
            columns.customer.append(code: table.customerId.codes[row], to: &out)
            out.append(UInt8(ascii: ","))
            columns.country.append(code: table.country.codes[row], to: &out)
            ServedInvoice.writeDecimal(table.revenue[row], after: UInt8(ascii: ","), to: &out)
            ServedInvoice.writeDecimal(seqs[row], after: UInt8(ascii: ","), to: &out)
            out.append(UInt8(ascii: "]"))
        }
    }
}
