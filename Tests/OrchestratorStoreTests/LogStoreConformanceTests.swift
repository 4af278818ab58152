import Foundation
import OrchestratorCore
import OrchestratorStore
import Testing

/// What every `LogStore` must do, written once and run on the state folder's files and on
/// PostgreSQL's chunk table: bytes back in the order appended, from any offset, large chunks
/// whole, and completion.
@Suite struct LogStoreConformanceTests {
    static let log = AttemptLogID(run: RunID(rawValue: "r1"), task: "a", attempt: 1)

    /// Run `r1` with task `a`'s first attempt started, and the log store of its database.
    static func withLog(_ kind: StoreKind, _ body: (any RunStore, any LogStore) async throws -> Void) async throws {
        try await kind.withStore { store, database in
            try await store.createRun(Sample.run(log.run.rawValue, tasks: ["a", "b"], at: 1_000))
            try await store.record(run: log.run, [.start(task: "a", attempt: 1, logPath: "", at: 2_000)])
            try await body(store, database.logStore(runs: store))
        }
    }

    /// Everything from `offset` to the end, read `limit` bytes at a time.
    static func readAll(_ logs: any LogStore, _ log: AttemptLogID = log, from offset: Int = 0, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        var position = offset
        while true {
            let chunk = try await logs.read(log, from: position, limit: limit)
            #expect(chunk.bytes.count <= limit)
            #expect(chunk.nextOffset == position + chunk.bytes.count)
            if chunk.bytes.isEmpty { return bytes }
            bytes += chunk.bytes
            position = chunk.nextOffset
        }
    }

    @Test(arguments: StoreKind.allCases)
    func bytesComeBackInTheOrderAppendedFromAnyOffset(kind: StoreKind) async throws {
        try await Self.withLog(kind) { _, logs in
            #expect(try await logs.read(Self.log, from: 0, limit: 100) == LogChunk(bytes: [], nextOffset: 0))
            #expect(try await logs.size(Self.log) == 0)
            let parts = ["line 1\n", "line 2\nline", " 3 é\n", "", "tail"]
            for part in parts { try await logs.append(Array(part.utf8), to: Self.log) }
            let whole = Array(parts.joined().utf8)
            #expect(try await logs.size(Self.log) == whole.count)
            #expect(try await Self.readAll(logs, limit: 1 << 20) == whole)
            // Limits that cut chunks anywhere, and offsets inside chunks.
            for limit in [1, 3, 7, 100] { #expect(try await Self.readAll(logs, limit: limit) == whole) }
            for offset in [1, 6, 7, 10, whole.count - 1] {
                #expect(try await Self.readAll(logs, from: offset, limit: 5) == Array(whole[offset...]))
            }
            #expect(try await logs.read(Self.log, from: whole.count, limit: 10) == LogChunk(bytes: [], nextOffset: whole.count))
            #expect(try await logs.read(Self.log, from: whole.count + 50, limit: 10).bytes.isEmpty)
            // Another attempt's log, and another task's, are separate.
            let other = AttemptLogID(run: Self.log.run, task: "a", attempt: 2)
            try await logs.append(Array("second".utf8), to: other)
            #expect(try await Self.readAll(logs, other, limit: 100) == Array("second".utf8))
            #expect(try await Self.readAll(logs, AttemptLogID(run: Self.log.run, task: "b", attempt: 1), limit: 100).isEmpty)
            #expect(try await Self.readAll(logs, limit: 1 << 20) == whole)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func largeChunksComeBackWhole(kind: StoreKind) async throws {
        try await Self.withLog(kind) { _, logs in
            var generator = SystemRandomNumberGenerator()
            let big = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let small = Array("after\n".utf8)
            try await logs.append(big, to: Self.log)
            try await logs.append(small, to: Self.log)
            #expect(try await logs.size(Self.log) == big.count + small.count)
            #expect(try await Self.readAll(logs, limit: 1 << 20) == big + small)
            let middle = try await logs.read(Self.log, from: (1 << 20) + 3, limit: 1 << 16)
            #expect(middle.bytes == Array(big[((1 << 20) + 3)..<((1 << 20) + 3 + (1 << 16))]))
            let across = try await logs.read(Self.log, from: big.count - 2, limit: 4)
            #expect(across.bytes == Array(big.suffix(2)) + Array(small.prefix(2)))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLogIsFinishedOnceItsAttemptEnds(kind: StoreKind) async throws {
        try await Self.withLog(kind) { store, logs in
            try await logs.append(Array("working\n".utf8), to: Self.log)
            #expect(try await logs.isFinished(Self.log) == false)
            // Not started yet: not finished either.
            #expect(try await logs.isFinished(AttemptLogID(run: Self.log.run, task: "b", attempt: 1)) == false)
            try await logs.append(Array("done\n".utf8), to: Self.log)
            try await logs.finish(Self.log)
            try await store.record(run: Self.log.run, [.finish(AttemptEnd(task: "a", attempt: 1, status: .succeeded, taskState: .succeeded,
                                                                          exitCode: 0, at: 3_000))])
            #expect(try await logs.isFinished(Self.log))
            #expect(try await Self.readAll(logs, limit: 100) == Array("working\ndone\n".utf8))
            // A run that is gone has nothing more to say.
            #expect(try await logs.isFinished(AttemptLogID(run: RunID(rawValue: "gone"), task: "a", attempt: 1)))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anAttemptThatEndedWithoutFinishingItsLogIsFinished(kind: StoreKind) async throws {
        // A worker killed mid-attempt never finishes its log; the attempt is recorded interrupted.
        try await Self.withLog(kind) { store, logs in
            try await logs.append(Array("partial".utf8), to: Self.log)
            try await store.record(run: Self.log.run, [.finish(AttemptEnd(task: "a", attempt: 1, status: .interrupted, taskState: .interrupted,
                                                                          at: 3_000))])
            #expect(try await logs.isFinished(Self.log))
            #expect(try await Self.readAll(logs, limit: 100) == Array("partial".utf8))
        }
    }

    @Test func aFinishedChunkLogIsCompleteBeforeItsAttemptIsRecordedEnded() async throws {
        // Writers finish the log before they record the attempt's end, so readers stop on either.
        try await Self.withLog(.postgres) { _, logs in
            try await logs.append(Array("all of it".utf8), to: Self.log)
            #expect(try await logs.isFinished(Self.log) == false)
            try await logs.finish(Self.log)
            #expect(try await logs.isFinished(Self.log))
            #expect(try await logs.size(Self.log) == 9)
        }
    }
}
