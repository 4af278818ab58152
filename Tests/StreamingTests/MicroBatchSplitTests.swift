import GRDB
import RetailData
@testable import Streaming
import Testing

/// A large micro-batch is read and cleaned as two halves on two threads (`MicroBatch.load`): the
/// result must be the one pass's, row for row, with the same counts, so that a batch replayed after
/// a crash, on a machine with another core count, rebuilds the same table.
@Suite struct MicroBatchSplitTests {
    /// Record `n` of a stream whose values repeat across both halves (so the second half's
    /// dictionaries are remapped), with cancelled invoices (dropped), bad quantities (quarantined)
    /// and missing customers (`Unknown`) spread through it.
    static func record(_ n: Int) -> SaleRecord {
        let invoice = (n % 97 == 0 ? "C" : "") + String(500_000 + n / 3)
        return SaleRecord(invoiceNo: invoice, stockCode: "S\(n % 613)", description: n % 11 == 0 ? nil : "ITEM \(n % 613)",
                          quantity: n % 389 == 0 ? "x\(n)" : String(n % 9 + 1), invoiceDate: "\(n % 12 + 1)/\(n % 28 + 1)/2011 9:\(n % 60 < 10 ? "0" : "")\(n % 60)",
                          unitPrice: "\(n % 50 + 1).\(n % 4 * 25)", customerID: n % 7 == 0 ? nil : String(12_000 + n % 1_733),
                          country: ["United Kingdom", "France", "EIRE", "Germany"][n % 4])
    }

    @Test func twoHalvesGiveTheOnePassBatch() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        let count = Int(MicroBatch.splitThreshold) + 9_001
        _ = try database.append([.init(stream: "t", records: (0..<count).map(Self.record))], now: 1_700_000_000_000)
        let range = try #require(try database.planBatch(stream: "t", maxRecords: count, run: "r1"))
        #expect(range.count == Int64(count))

        let split = try MicroBatch.load(database, stream: "t", range: range, split: true)
        let onePass = try MicroBatch.load(database, stream: "t", range: range, split: false)
        #expect(split.table == onePass.table)
        #expect(split.seqs == onePass.seqs)
        #expect(split.read == count && onePass.read == count)
        #expect(split.dropped == onePass.dropped)
        #expect(split.quarantined == onePass.quarantined)
        #expect(split.oldestReceivedAt == onePass.oldestReceivedAt)
        // The mix reached both kinds of outcome, and the kept rows are the rest.
        #expect((split.dropped[.cancelled] ?? 0) > 100)
        #expect((split.quarantined[.badQuantity] ?? 0) > 10)
        let lost = split.dropped.values.reduce(0, +) + split.quarantined.values.reduce(0, +)
        #expect(split.table.count == count - lost)
        #expect(split.seqs.count == split.table.count)
    }

    @Test func aSmallBatchIsReadInOnePass() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        _ = try database.append([.init(stream: "t", records: (0..<50).map(Self.record))])
        let range = try #require(try database.planBatch(stream: "t", maxRecords: 100, run: "r1"))
        let batch = try MicroBatch.load(database, stream: "t", range: range, split: true)
        #expect(batch.table == (try MicroBatch.load(database, stream: "t", range: range, split: false)).table)
        #expect(batch.read == 50)
    }
}

/// The serving upsert's merge (`InvoiceMerge`) shares the invoices between two threads for a large
/// batch: every invoice must come out as the one thread's, stored items included.
@Suite struct InvoiceMergeSplitTests {
    @Test func twoThreadsMergeAsOne() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        let count = InvoiceMerge.splitRows + 5_003
        _ = try database.append([.init(stream: "t", records: (0..<count).map(MicroBatchSplitTests.record))])
        let range = try #require(try database.planBatch(stream: "t", maxRecords: count, run: "r1"))
        let batch = try MicroBatch.load(database, stream: "t", range: range, split: false)
        var invoices: [String] = []
        var rows: [[Int]] = []
        var slot: [String: Int] = [:]
        for row in 0..<batch.table.count {
            let invoiceNo = batch.table.invoiceNo[row] ?? ""
            if slot[invoiceNo] == nil {
                slot[invoiceNo] = invoices.count
                invoices.append(invoiceNo)
                rows.append([])
            }
            rows[slot[invoiceNo]!].append(row)
        }
        #expect(invoices.count > 1_000)
        // Every third invoice is already stored, from an older sequence, with its first row only.
        let nothing = [[UInt8]?](repeating: nil, count: invoices.count)
        let older = try InvoiceMerge.run(batch.table, seqs: batch.seqs.map { $0 - 1_000_000 }, invoices: invoices,
                                         rows: rows.map { Array($0.prefix(1)) }, stored: nothing, split: false)
        let stored = invoices.indices.map { $0 % 3 == 0 ? older[$0].json : nil }

        let split = try InvoiceMerge.run(batch.table, seqs: batch.seqs, invoices: invoices, rows: rows, stored: stored, split: true)
        let single = try InvoiceMerge.run(batch.table, seqs: batch.seqs, invoices: invoices, rows: rows, stored: stored, split: false)
        #expect(split.count == invoices.count && single.count == invoices.count)
        #expect(split.map(\.invoiceNo) == invoices)
        #expect(split.map(\.json) == single.map(\.json))
        #expect(split.map(\.before) == single.map(\.before))
        #expect(split.map { $0.after.map(\.customer) } == single.map { $0.after.map(\.customer) })
        #expect(split.map { $0.after.map(\.part) } == single.map { $0.after.map(\.part) })
        #expect(split.map(\.total) == single.map(\.total))
        // The stored items were read: those invoices had customers before the merge.
        #expect(invoices.indices.allSatisfy { ($0 % 3 == 0) == !split[$0].before.isEmpty })
        #expect(split.map(\.total.itemCount).reduce(0, +) == batch.table.count)
    }
}

/// The merge writes the batch's rows from the table's columns; the result must be what merging
/// them one `ServedItem` at a time into the stored invoice gives (`ServedInvoice.merge`).
@Suite struct InvoiceMergeReferenceTests {
    /// A batch with what the merge must get right: one stock code several times in an invoice with
    /// sequences out of order and tied, a null stock code, two dictionary codes with the same bytes,
    /// a null customer and description, text that needs escaping, and stored items from older and
    /// newer sequences.
    static func table(rows count: Int) -> (SalesTable, [Int64]) {
        var table = SalesTable()
        table.invoiceNo = StringColumn(dictionary: (0..<40).map { String(580_000 + $0) }, codes: [])
        table.stockCode = StringColumn(dictionary: ["85123A", "22423", "POST", "85123A", "M", "21\"7"], codes: [])
        table.description = StringColumn(dictionary: ["HEART \"T-LIGHT\"", "CAKESTAND\\3", "POSTAGE\n"], codes: [])
        table.customerId = StringColumn(dictionary: ["17850", "13047", "12583"], codes: [])
        table.country = StringColumn(dictionary: ["United Kingdom", "France"], codes: [])
        var seqs: [Int64] = []
        for n in 0..<count {
            table.invoiceNo.codes.append(Int32(n * 7 % 40))
            table.stockCode.codes.append(n % 13 == 0 ? -1 : Int32(n * 5 % 6))
            table.description.codes.append(n % 9 == 0 ? -1 : Int32(n % 3))
            table.customerId.codes.append(n % 17 == 0 ? -1 : Int32(n / 50 % 3))
            table.country.codes.append(Int32(n % 2))
            let quantity = Int64(n % 12 + 1), price = Int64(n % 5 * 425 + 100)
            table.quantity.append(quantity)
            table.unitPrice.append(price)
            table.revenue.append(quantity * price)
            table.invoiceTs.append(1_291_186_800_000_000 + Int64(n) * 60_000_000)
            seqs.append(Int64(1_000 + (n * 31 % 23)))  // out of order, with ties
        }
        return (table, seqs)
    }

    static func item(_ table: SalesTable, _ seqs: [Int64], _ row: Int) -> ServedItem {
        ServedItem(invoiceNo: table.invoiceNo[row] ?? "", stockCode: table.stockCode[row] ?? "", description: table.description[row],
                   quantity: table.quantity[row], invoiceTs: table.invoiceTs[row], unitPrice: table.unitPrice[row],
                   customerID: table.customerId[row] ?? SalesTable.unknownCustomer, country: table.country[row] ?? "",
                   revenue: table.revenue[row], seq: seqs[row])
    }

    @Test(arguments: [false, true]) func mergeIsTheItemByItemMerge(split: Bool) throws {
        let (table, seqs) = Self.table(rows: InvoiceMerge.splitRows + 777)
        var invoices: [String] = []
        var rows: [[Int]] = []
        for row in 0..<table.count {
            let invoiceNo = table.invoiceNo[row] ?? ""
            if let slot = invoices.firstIndex(of: invoiceNo) { rows[slot].append(row) } else {
                invoices.append(invoiceNo)
                rows.append([row])
            }
        }
        // Stored: for half the invoices, items from rows of another invoice, some newer than the batch.
        let stored: [ServedInvoice?] = invoices.indices.map { index in
            guard index % 2 == 0 else { return nil }
            var invoice = ServedInvoice(invoiceNo: invoices[index])
            for row in rows[(index + 1) % invoices.count].prefix(6) {
                var item = Self.item(table, seqs, row)
                item.invoiceNo = invoices[index]
                // Newer, older, or tied with the batch's latest row of that stock code (the row wins a tie).
                let tie = rows[index].filter { (table.stockCode[$0] ?? "") == item.stockCode }.map { seqs[$0] }.max()
                if row % 3 == 0, let tie { item.seq = tie } else { item.seq += row % 2 == 0 ? 50 : -50 }
                invoice.merge(item)
            }
            return invoice
        }
        let storedJSON: [[UInt8]?] = stored.map { invoice in
            invoice.map { var out: [UInt8] = []; $0.writeJSON(to: &out); return out }
        }

        let merged = try InvoiceMerge.run(table, seqs: seqs, invoices: invoices, rows: rows, stored: storedJSON, split: split)
        #expect(merged.map(\.invoiceNo) == invoices)
        var replaced = 0, kept = 0, tied = 0
        for (index, result) in merged.enumerated() {
            var reference = stored[index] ?? ServedInvoice(invoiceNo: invoices[index])
            for row in rows[index] { reference.merge(Self.item(table, seqs, row)) }
            var json: [UInt8] = []
            reference.writeJSON(to: &json)
            #expect(result.json == json, "invoice \(invoices[index])")
            #expect(try ServedInvoice(invoiceNo: invoices[index], json: result.json).items == reference.items)
            var before: [String] = []
            for item in stored[index]?.items ?? [] where !before.contains(item.customerID) { before.append(item.customerID) }
            #expect(result.before == before)
            var after: [(customer: String, part: CustomerInvoice)] = []
            var total = CustomerInvoice(firstTs: 0)
            for item in reference.items {
                total.add(item)
                if let slot = after.firstIndex(where: { $0.customer == item.customerID }) { after[slot].part.add(item) } else {
                    var part = CustomerInvoice(firstTs: item.invoiceTs)
                    part.add(item)
                    after.append((item.customerID, part))
                }
            }
            #expect(result.after.map(\.customer) == after.map(\.customer))
            #expect(result.after.map(\.part) == after.map(\.part))
            #expect(result.total == total)
            for item in stored[index]?.items ?? [] {
                if reference.items.contains(item) { kept += 1 } else { replaced += 1 }
                if reference.items.contains(where: { $0.stockCode == item.stockCode && $0.seq == item.seq && $0 != item }) { tied += 1 }
            }
        }
        // The fixture reached every outcome of a stored item against the batch, ties included.
        #expect(kept > 0 && replaced > 0 && tied > 0)
        // The same bytes under two dictionary codes are one item: no invoice has "85123A" twice.
        #expect(merged.allSatisfy { result in
            (try? ServedInvoice(invoiceNo: result.invoiceNo, json: result.json).items.filter { $0.stockCode == "85123A" }.count ?? 0).map { $0 <= 1 } ?? false
        })
    }
}

/// A failure inside the serving upsert's pipeline reaches the caller as itself, and nothing of the
/// batch is written to either file.
@Suite struct ServingUpsertFailureTests {
    /// `records` of `MicroBatchSplitTests.record` appended to stream "t", planned and cleaned as one batch.
    static func batch(_ database: StreamDatabase, records: Int) throws -> MicroBatch {
        _ = try database.append([.init(stream: "t", records: (0..<records).map(MicroBatchSplitTests.record))])
        let range = try #require(try database.planBatch(stream: "t", maxRecords: records, run: "r1"))
        return try MicroBatch.load(database, stream: "t", range: range, split: false)
    }

    @Test func anUnreadableStoredInvoiceFailsTheUpsertByNameAndWritesNothing() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        let batch = try Self.batch(database, records: InvoiceMerge.splitRows * 3)
        // An invoice in the first chunk, so that later chunks are still unmade when it fails.
        let broken = try #require(batch.table.invoiceNo[100])
        try DatabaseQueue(path: fixture.folder + "/serving-items.sqlite").write { db in
            try db.execute(sql: "INSERT INTO invoices (invoice_no, item_count, revenue_billions, revenue_rest, items) VALUES (?, 1, 0, 0, 'not json')",
                           arguments: [broken])
        }
        do {
            try database.upsert(batch.table, seqs: batch.seqs)
            Issue.record("the upsert succeeded over an unreadable stored invoice")
        } catch let StreamError.storage(message) {
            #expect(message.contains("invoice \(broken): unreadable items"), "\(message)")
        }
        #expect(try database.servingTotals().items == 1, "only the planted row")
        let customerRows = try DatabaseQueue(path: fixture.folder + "/serving-customers.sqlite").read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_invoices")
        }
        #expect(customerRows == 0)
    }

    @Test func aFailedItemsWriteIsTheErrorReportedNotTheStopItCaused() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        let batch = try Self.batch(database, records: InvoiceMerge.splitRows * 10)
        // The items file refuses one invoice of the second chunk: chunks after it are still unmade,
        // and the customers' writer, waiting for them, is stopped.
        let refused = try #require(batch.table.invoiceNo[InvoiceMerge.splitRows + 100])
        try DatabaseQueue(path: fixture.folder + "/serving-items.sqlite").write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON invoices WHEN NEW.invoice_no = '\(refused)'
                BEGIN SELECT RAISE(ABORT, 'planted failure'); END
                """)
        }
        do {
            try database.upsert(batch.table, seqs: batch.seqs)
            Issue.record("the upsert succeeded over a refused insert")
        } catch let StreamError.storage(message) {
            #expect(message.contains("planted failure"), "\(message)")
        }
        #expect(try database.servingTotals().items == 0)
    }
}

extension InvoiceMerge {
    /// All the invoices merged, in the order of `invoices`: the pipeline taken whole.
    static func run(_ table: SalesTable, seqs: [Int64], invoices: [String], rows: [[Int]], stored: [[UInt8]?], split: Bool) throws -> [Merged] {
        let (pipeline, helper) = start(table, seqs: seqs, invoices: invoices, rows: rows, stored: stored, split: split)
        let merged = Result { try (0..<pipeline.count).flatMap { try pipeline.take($0, helping: true) } }
        pipeline.stop()
        try helper?.wait()
        return try merged.get()
    }
}
