import OrchestratorCore
import OrchestratorStore
import Testing

/// The run stores the conformance suite runs against, each on a fresh database.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// A SQLite file in a temp folder.
    case sqlite
    /// A fresh database on the shared throwaway PostgreSQL 15 (`PostgresServer.shared()`).
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with a store (a `TaskQueue` too) on a fresh, empty database of this kind. Stores opened through the
    /// `StoreDatabase` (more stores on the same database, for races) are shut down afterwards.
    func withStore(_ body: (any RunStore & TaskQueue, StoreDatabase) async throws -> Void) async throws {
        let database = try await StoreDatabase(kind: self)
        do {
            try await body(try await database.open(), database)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// `withStore`, with run `r1` of `tasks` created at 1 000 ms.
    func withRun(tasks: [String] = ["a", "b", "c"], _ body: (any RunStore & TaskQueue, RunID) async throws -> Void) async throws {
        try await withStore { store, _ in
            try await store.createRun(Sample.run("r1", tasks: tasks, at: 1_000))
            try await body(store, RunID(rawValue: "r1"))
        }
    }
}
