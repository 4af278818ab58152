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
