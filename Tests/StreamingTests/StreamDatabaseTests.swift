import Foundation
import Testing
@testable import Streaming

@Suite struct StreamDatabaseTests {
    @Test func appendsGiveConsecutiveSequencesPerStream() throws {
        let fixture = try StreamFixture()
        let firsts = try fixture.database.append([
            .init(stream: "a", records: (0..<3).map { StreamFixture.record($0) }),
            .init(stream: "b", records: [StreamFixture.record(9)]),
            .init(stream: "a", records: [StreamFixture.record(3)]),
        ])
        #expect(firsts == [1, 1, 4])
        let entries = try fixture.database.entries(stream: "a", from: 1, through: 10)
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(entries[3].record == StreamFixture.record(3))
        #expect(try fixture.database.stats(stream: "a")?.lastSeq == 4)
        #expect(try fixture.database.stats(stream: "missing") == nil)
    }

    @Test func sqliteAllocationStatisticsAreOffSoParallelWritersDoNotQueue() {
        #expect(StreamDatabase.isTunedForParallelWriters)
    }

    @Test func groupCommitSharesCommitsAndLosesNothing() async throws {
        let fixture = try StreamFixture()
        let committer = GroupCommitter(database: fixture.database)
        let firsts = try await withThrowingTaskGroup(of: Int64.self) { group in
            for n in 0..<200 {
                group.addTask { try await committer.append(stream: "t", records: [StreamFixture.record(n), StreamFixture.record(n + 1000)]) }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(Set(firsts).count == 200)
        #expect(Set(firsts.flatMap { [$0, $0 + 1] }) == Set(1...400))
        let counters = committer.counters
        #expect(counters.records == 400)
        #expect(counters.commits < 200, "200 concurrent appends took \(counters.commits) commits")
    }

    @Test func aPendingBatchIsReusedUntilCommitted() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        #expect(try database.planBatch(stream: "t", maxRecords: 10, run: "r1") == nil)
        _ = try database.append([.init(stream: "t", records: (0..<25).map { StreamFixture.record($0) })])
        let first = try #require(try database.planBatch(stream: "t", maxRecords: 10, run: "r1"))
        #expect(first.first == 1 && first.last == 10 && !first.resumed)
        _ = try database.append([.init(stream: "t", records: [StreamFixture.record(99)])])
        let again = try #require(try database.planBatch(stream: "t", maxRecords: 50, run: "r1"))
        #expect(again.first == 1 && again.last == 10 && again.resumed, "a crashed batch must be redone unchanged")
        #expect(try database.commitBatch(stream: "t", range: again, run: "r1"))
        #expect(try !database.commitBatch(stream: "t", range: again, run: "r1"), "a second commit is a no-op")
        let next = try #require(try database.planBatch(stream: "t", maxRecords: 50, run: "r1"))
        #expect(next.first == 11 && next.last == 26)
        #expect(throws: StreamError.self) { try database.commitBatch(stream: "t", range: .init(first: 12, last: 26, resumed: false), run: "r1") }
        let stats = try #require(try database.stats(stream: "t"))
        #expect(stats.checkpoint == 10 && stats.lagRecords == 16 && stats.lastSeq == 26)
        #expect(stats.recordsPerSecond > 0)
    }

    @Test func aBatchTakenOverByAnotherRunCannotBeCommittedByTheFirst() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        _ = try database.append([.init(stream: "t", records: (0..<5).map { StreamFixture.record($0) })])
        let planned = try #require(try database.planBatch(stream: "t", maxRecords: 10, run: "old"))
        let taken = try #require(try database.planBatch(stream: "t", maxRecords: 10, run: "new"))
        #expect(taken == StreamDatabase.BatchRange(first: planned.first, last: planned.last, resumed: true))
        #expect(throws: StreamError.batchTakenOver(stream: "t", owner: "new")) { try database.pendingBatch(stream: "t", run: "old") }
        #expect(throws: StreamError.self) { try database.commitBatch(stream: "t", range: planned, run: "old") }
        #expect(try database.commitBatch(stream: "t", range: taken, run: "new"))
        #expect(try database.pendingBatch(stream: "t", run: "old") == nil, "committed: nothing pending for anyone")
        #expect(try database.stats(stream: "t")?.checkpoint == 5)
    }

    @Test func upsertsAreIdempotentAndNeverGoBackwards() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        _ = try database.append([.init(stream: "t", records: (0..<50).map { StreamFixture.record($0, customer: $0 % 2 == 0 ? nil : "12345") })])
        let range = try #require(try database.planBatch(stream: "t", maxRecords: 100, run: "r1"))
        let batch = try MicroBatch.load(database, stream: "t", range: range)
        #expect(batch.table.count == 50)
        try database.upsert(batch.table, seqs: batch.seqs)
        let once = try database.servingTotals()
        try database.upsert(batch.table, seqs: batch.seqs)
        let twice = try database.servingTotals()
        #expect(once.items == 50 && once.customerRows == 50)
        #expect(once.items == twice.items && once.itemRevenue == twice.itemRevenue && once.customerRevenue == twice.customerRevenue)
        #expect(once.itemRevenue == Int128((0..<50).reduce(0) { $0 + StreamFixture.revenue($1) }))
        let item = try #require(try database.item(invoiceNo: "600000", stockCode: "S0"))
        #expect(item.customerID == "Unknown" && item.quantity == 1 && item.unitPrice == 1250 && item.revenue == 1250)
        #expect(try database.customerInvoices(customerID: "12345", after: nil, limit: 100).count == 25)
    }

    @Test func tokensAreStoredAsHashesAndCanBeRevoked() throws {
        let fixture = try StreamFixture()
        let database = fixture.database
        let secret = try database.createToken(name: "producer", scopes: [.recordsWrite], expiresAt: nil)
        #expect(secret.hasPrefix("orc_") && secret.count > 40)
        #expect(throws: StreamError.self) { try database.createToken(name: "producer", scopes: [.admin], expiresAt: nil) }
        let info = try #require(try database.token(secret: secret))
        #expect(info.name == "producer" && info.scopes == [.recordsWrite] && info.isUsable(now: StreamDatabase.nowMillis()))
        let raw = try String(contentsOfFile: database.path, encoding: .isoLatin1)
        #expect(!raw.contains(secret), "the secret itself must not be stored")
        #expect(try database.token(secret: secret + "x") == nil)
        #expect(try database.revokeToken(name: "producer"))
        #expect(try database.token(secret: secret)?.isUsable(now: StreamDatabase.nowMillis()) == false)
        #expect(try !database.revokeToken(name: "producer"))
        let expired = try database.createToken(name: "old", scopes: [.admin], expiresAt: StreamDatabase.nowMillis() - 1)
        #expect(try database.token(secret: expired)?.isUsable(now: StreamDatabase.nowMillis()) == false)
        #expect(throws: ScopeError.self) { try Scope.parseList("records:write,write") }
        #expect(Set([Scope.admin]).allows(.transactionsRead))
    }

    @Test func aFileLandsOnce() throws {
        let fixture = try StreamFixture()
        let records = (0..<3).map { StreamFixture.record($0) }
        #expect(try fixture.database.land(digest: "abc", name: "a.csv", stream: "t", rows: 4, records: records))
        #expect(try !fixture.database.land(digest: "abc", name: "again.csv", stream: "t", rows: 4, records: records))
        #expect(try fixture.database.stats(stream: "t")?.lastSeq == 3)
        #expect(try fixture.database.landedFile(digest: "abc")?.accepted == 3)
    }
}
