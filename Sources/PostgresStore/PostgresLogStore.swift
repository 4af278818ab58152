import Foundation
import OrchestratorCore
import OrchestratorStore
import PostgresNIO

/// Attempt logs in PostgreSQL (`log_chunks`), so that every host reads what any worker wrote.
///
/// Writers append whole chunks (the engine batches a log's bytes, every 200 ms or 64 KiB), never
/// a row per line; each append is one statement on the run store's pool. Reads take the chunks
/// that overlap the range asked for, in order.
public struct PostgresLogStore: LogStore {
    let store: PostgresRunStore

    /// Shares `store`'s connection pool and schema.
    public init(store: PostgresRunStore) {
        self.store = store
    }

    public func append(_ bytes: [UInt8], to log: AttemptLogID) async throws {
        guard !bytes.isEmpty else { return }
        try await insert(Data(bytes), final: false, log)
    }

    public func finish(_ log: AttemptLogID) async throws {
        try await insert(Data(), final: true, log)
    }

    /// The next chunk after the log's last one (one writer per log, so `max` is not raced).
    private func insert(_ bytes: Data, final: Bool, _ log: AttemptLogID) async throws {
        try await store.statement("""
            INSERT INTO log_chunks (run_id, task_id, attempt, seq, start_offset, bytes, final, written_at)
            SELECT \(log.run.rawValue), \(log.task), \(log.attempt), coalesce(max(seq) + 1, 0),
                   coalesce(max(start_offset + length(bytes)), 0), \(bytes), \(final), \(Timestamps.now())
            FROM log_chunks WHERE run_id = \(log.run.rawValue) AND task_id = \(log.task) AND attempt = \(log.attempt)
            """)
    }

    public func read(_ log: AttemptLogID, from offset: Int, limit: Int) async throws -> LogChunk {
        let end = offset + limit
        let rows = try await store.statement("""
            SELECT start_offset, bytes FROM log_chunks
            WHERE run_id = \(log.run.rawValue) AND task_id = \(log.task) AND attempt = \(log.attempt)
              AND start_offset + length(bytes) > \(offset) AND start_offset < \(end)
            ORDER BY seq
            """)
        var bytes: [UInt8] = []
        for row in rows {
            let start = try row.value("start_offset", as: Int.self)
            let chunk = try row.value("bytes", as: Data.self)
            let from = max(offset - start, 0)
            let to = min(end - start, chunk.count)
            bytes.append(contentsOf: chunk[chunk.startIndex + from ..< chunk.startIndex + to])
        }
        return LogChunk(bytes: bytes, nextOffset: offset + bytes.count)
    }

    public func size(_ log: AttemptLogID) async throws -> Int {
        let rows = try await store.statement("""
            SELECT coalesce(max(start_offset + length(bytes)), 0) FROM log_chunks
            WHERE run_id = \(log.run.rawValue) AND task_id = \(log.task) AND attempt = \(log.attempt)
            """)
        return try rows.first?[0].decode(Int.self) ?? 0
    }

    public func isFinished(_ log: AttemptLogID) async throws -> Bool {
        let rows = try await store.statement("""
            SELECT EXISTS (SELECT 1 FROM log_chunks WHERE run_id = \(log.run.rawValue) AND task_id = \(log.task)
                                                      AND attempt = \(log.attempt) AND final)
                OR EXISTS (SELECT 1 FROM attempts WHERE run_id = \(log.run.rawValue) AND task_id = \(log.task)
                                                    AND attempt = \(log.attempt) AND status <> 'running')
                OR NOT EXISTS (SELECT 1 FROM runs WHERE id = \(log.run.rawValue))
            """)
        return try rows.first?[0].decode(Bool.self) ?? true
    }
}
