import OrchestratorStore

/// The run store and the log store that a `StateLocation` names, opened together.
public struct StateStores: Sendable {
    /// The run state, which is the task queue too.
    public let runs: any RunStore & TaskQueue
    /// Where attempt logs are read: the state folder's files with SQLite, the chunk table with PostgreSQL.
    public let logs: any LogStore
    /// Where attempts copy their log files as they grow, when the log store is not the state
    /// folder itself (PostgreSQL); nil with SQLite, whose files are the log store.
    public var logCopies: (any LogStore)? { logs is FolderLogStore ? nil : logs }

    public init(runs: any RunStore & TaskQueue, logs: any LogStore) {
        self.runs = runs
        self.logs = logs
    }
}
