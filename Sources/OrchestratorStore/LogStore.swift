import OrchestratorCore

/// Where the logs of task attempts live, apart from the run state: the state folder's files
/// (`FolderLogStore`), or a table of chunks in PostgreSQL that every host reads.
///
/// One writer appends to an attempt's log (the process that runs the attempt); any number of
/// readers read it from an offset, while it grows. Offsets count bytes from the log's start.
public protocol LogStore: Sendable {
    /// Adds `bytes` at the end of the attempt's log.
    func append(_ bytes: [UInt8], to log: AttemptLogID) async throws
    /// Says that nothing more will be appended to the attempt's log.
    func finish(_ log: AttemptLogID) async throws
    /// Up to `limit` bytes of the log from `offset` (none past its end, or when it does not exist yet).
    func read(_ log: AttemptLogID, from offset: Int, limit: Int) async throws -> LogChunk
    /// How many bytes the log holds now (0 before its first).
    func size(_ log: AttemptLogID) async throws -> Int
    /// Whether the log is complete: finished by its writer, or its attempt has ended (a writer
    /// that died cannot say so), or its run is gone. Read to the end after this says true, and
    /// nothing is missed.
    func isFinished(_ log: AttemptLogID) async throws -> Bool
}

/// Names one attempt's log.
public struct AttemptLogID: Sendable, Hashable, CustomStringConvertible {
    public var run: RunID
    public var task: String
    public var attempt: Int

    public init(run: RunID, task: String, attempt: Int) {
        self.run = run
        self.task = task
        self.attempt = attempt
    }

    public var description: String { "\(run)/\(task)/attempt-\(attempt)" }
}

/// Bytes read from a log and the offset to read from next.
public struct LogChunk: Sendable, Equatable {
    public var bytes: [UInt8]
    public var nextOffset: Int

    public init(bytes: [UInt8], nextOffset: Int) {
        self.bytes = bytes
        self.nextOffset = nextOffset
    }
}

extension RunStore {
    /// Whether the attempt a log belongs to has ended (or its run is gone); false while it runs
    /// or has not started. The log stores' `isFinished` fall back on this.
    public func attemptEnded(_ log: AttemptLogID) async throws -> Bool {
        guard let detail = try await runDetail(log.run) else { return true }
        guard let record = detail.tasks.first(where: { $0.id == log.task })?.attemptHistory.first(where: { $0.attempt == log.attempt }) else {
            return false
        }
        return record.status != .running
    }
}
