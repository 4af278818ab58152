import Dispatch
import Synchronization

/// Appends records for many concurrent requests with shared commits (group commit).
///
/// Requests queue their records; one writer takes everything queued, appends it in a single
/// transaction (one fsync), and then answers every request in it. While that commit is on the
/// disk, new requests pile up for the next one, so under load many small POSTs share a commit
/// and at rest a lone POST commits at once.
public final class GroupCommitter: Sendable {
    let database: StreamDatabase
    let queue = DispatchQueue(label: "orchestrator.group-commit")
    let state = Mutex(Pending())

    struct Pending {
        var items: [(StreamDatabase.Append, CheckedContinuation<Int64, any Error>)] = []
        var draining = false
        var commits = 0
        var records = 0
    }

    public init(database: StreamDatabase) {
        self.database = database
    }

    /// Appends `records` to `stream` and returns the first sequence number once they are durable.
    public func append(stream: String, records: [SaleRecord]) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { pending in
                pending.items.append((StreamDatabase.Append(stream: stream, records: records), continuation))
                if pending.draining { return false }
                pending.draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// Commits so far and the records they carried (for tests and benchmarks).
    public var counters: (commits: Int, records: Int) { state.withLock { ($0.commits, $0.records) } }

    func drain() {
        while true {
            let items = state.withLock { pending in
                let taken = pending.items
                pending.items = []
                if taken.isEmpty { pending.draining = false }
                return taken
            }
            if items.isEmpty { return }
            do {
                let firsts = try database.append(items.map(\.0))
                state.withLock { pending in
                    pending.commits += 1
                    pending.records += items.reduce(0) { $0 + $1.0.records.count }
                }
                for (index, item) in items.enumerated() { item.1.resume(returning: firsts[index]) }
            } catch {
                for item in items { item.1.resume(throwing: error) }
            }
        }
    }
}
