import Foundation
import Synchronization
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorStore

/// The shipper copies a growing log file into a log store in batches while the attempt runs,
/// and finishes the log only once all of it is there.
@Suite struct LogShipperTests {
    /// A log store in memory that records each call.
    final class RecordingLogStore: LogStore {
        enum Call: Equatable {
            case append([UInt8])
            case finish
        }

        let calls = Mutex<[Call]>([])
        /// Appends fail while this is true.
        let failing = Mutex(false)

        struct Unavailable: Error {}

        var appends: [[UInt8]] {
            calls.withLock { calls in calls.compactMap { call -> [UInt8]? in if case .append(let bytes) = call { bytes } else { nil } } }
        }
        var appended: [UInt8] { appends.flatMap { $0 } }

        func append(_ bytes: [UInt8], to log: AttemptLogID) async throws {
            if failing.withLock({ $0 }) { throw Unavailable() }
            calls.withLock { $0.append(.append(bytes)) }
        }
        func finish(_ log: AttemptLogID) async throws { calls.withLock { $0.append(.finish) } }
        func read(_ log: AttemptLogID, from offset: Int, limit: Int) async throws -> LogChunk {
            let bytes = appended.dropFirst(offset).prefix(limit)
            return LogChunk(bytes: Array(bytes), nextOffset: offset + bytes.count)
        }
        func size(_ log: AttemptLogID) async throws -> Int { appended.count }
        func isFinished(_ log: AttemptLogID) async throws -> Bool { calls.withLock { $0.last == .finish } }
    }

    static let log = AttemptLogID(run: RunID(rawValue: "r1"), task: "t", attempt: 1)

    static func temporaryFile() -> String {
        NSTemporaryDirectory() + "shipper-\(UUID().uuidString).log"
    }

    static func write(_ text: String, to path: String) {
        let fd = LogFile.openAppending(path)
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// Polls `condition` until it holds or the deadline passes.
    static func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition(), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return condition()
    }

    @Test func linesAreCopiedWhileTheAttemptRunsInBatchesThenTheLogIsFinished() async throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = RecordingLogStore()
        var shipper = LogShipper(store: store, log: Self.log, path: path)
        shipper.interval = .milliseconds(20)
        let seenWhileRunning = await shipper.around {
            for index in 0..<100 { Self.write("line \(index)\n", to: path) }
            let seen = await Self.eventually { store.appended.count == (0..<100).map { "line \($0)\n" }.joined().utf8.count }
            Self.write("last\n", to: path)
            return seen
        }
        #expect(seenWhileRunning, "nothing was copied while the attempt ran")
        let expected = (0..<100).map { "line \($0)\n" }.joined() + "last\n"
        #expect(String(decoding: store.appended, as: UTF8.self) == expected)
        #expect(store.appends.count < 10, "a row per line: \(store.appends.count) appends")
        #expect(store.calls.withLock { $0.last } == .finish)
    }

    @Test func bigOutputGoesInChunksOfAtMost64KiB() async throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = RecordingLogStore()
        let big = String(repeating: "0123456789abcdef", count: 20_000)  // 320,000 bytes
        await LogShipper.around(store, log: Self.log, path: path) { Self.write(big, to: path) }
        #expect(store.appended == Array(big.utf8))
        #expect(store.appends.allSatisfy { $0.count <= 64 << 10 })
        #expect(store.appends.count == 5)
        #expect(try await store.isFinished(Self.log))
    }

    @Test func aLogWhoseTailCannotBeCopiedIsNotFinished() async throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = RecordingLogStore()
        await LogShipper.around(store, log: Self.log, path: path) {
            Self.write("lost\n", to: path)
            store.failing.withLock { $0 = true }
        }
        #expect(store.calls.withLock { $0 }.isEmpty)
    }

    @Test func anAttemptThatWritesNothingCostsNoRow() async {
        let store = RecordingLogStore()
        #expect(await LogShipper.around(store, log: Self.log, path: Self.temporaryFile()) { 7 } == 7)
        #expect(store.calls.withLock { $0 }.isEmpty)
    }

    @Test func withoutALogStoreTheAttemptJustRuns() async {
        #expect(await LogShipper.around(nil, log: Self.log, path: "/nonexistent") { 7 } == 7)
    }
}
