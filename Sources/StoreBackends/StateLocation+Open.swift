import OrchestratorStore
import PostgresStore
import SQLiteStore

extension StateLocation {
    /// Opens the run store this location names: the one place outside the store targets that
    /// knows the concrete stores; everything else takes `any RunStore` (and workers `any TaskQueue`,
    /// which both stores are too).
    public func openStore() async throws -> any RunStore & TaskQueue {
        try await openStores().runs
    }

    /// Opens the run store and its log store: with SQLite the state folder's files, with
    /// PostgreSQL its `log_chunks` table on the same connection pool.
    public func openStores() async throws -> StateStores {
        switch self {
        case .sqlite(let folder):
            let runs = try SQLiteRunStore(state: folder)
            return StateStores(runs: runs, logs: FolderLogStore(folder: folder, runs: runs))
        case .postgres(let url, _):
            let runs = try await PostgresRunStore(url: url)
            return StateStores(runs: runs, logs: PostgresLogStore(store: runs))
        }
    }
}
