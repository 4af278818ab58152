import OrchestratorStore
import PostgresStore
import SQLiteStore

extension StateLocation {
    /// Opens the run store this location names: the one place outside the store targets that
    /// knows the concrete stores; everything else takes `any RunStore` (and workers `any TaskQueue`,
    /// which both stores are too).
    public func openStore() async throws -> any RunStore & TaskQueue {
        switch self {
        case .sqlite(let folder):
            return try SQLiteRunStore(state: folder)
        case .postgres(let url, _):
            return try await PostgresRunStore(url: url)
        }
    }
}
