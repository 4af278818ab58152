import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The logs as files of the state folder, `logs/RUN/TASK.attempt-N.log`: the log store with
/// SQLite state, and what each host writes first with any state.
///
/// Attempts write these files themselves (a shell task's output goes straight from the child
/// to its file), so `append` is for other writers. `finish` writes nothing: the file is complete
/// once its attempt has ended, which the run store records after every writer has stopped.
public struct FolderLogStore: LogStore {
    public let folder: StateDirectory
    /// Where the attempts' ends and recorded log paths are read.
    public let runs: any RunStore

    public init(folder: StateDirectory, runs: any RunStore) {
        self.folder = folder
        self.runs = runs
    }

    public func append(_ bytes: [UInt8], to log: AttemptLogID) async throws {
        let path = folder.logPath(run: log.run.rawValue, task: log.task, attempt: log.attempt)
        let fd = LogFile.openAppending(path)
        guard fd >= 0 else { throw StoreError.cannotWriteLog(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw StoreError.cannotWriteLog(path: path, reason: String(cString: strerror(errno))) }
            written += count
        }
    }

    public func finish(_ log: AttemptLogID) async throws {}

    public func read(_ log: AttemptLogID, from offset: Int, limit: Int) async throws -> LogChunk {
        guard let handle = FileHandle(forReadingAtPath: try await path(of: log)) else { return LogChunk(bytes: [], nextOffset: offset) }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let bytes = [UInt8](try handle.read(upToCount: limit) ?? Data())
        return LogChunk(bytes: bytes, nextOffset: offset + bytes.count)
    }

    public func size(_ log: AttemptLogID) async throws -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: try await path(of: log))
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    public func isFinished(_ log: AttemptLogID) async throws -> Bool {
        try await runs.attemptEnded(log)
    }

    /// The attempt's file: where this folder puts it, or, for runs written before the layout
    /// changed, the path the attempt recorded (only inside this folder's logs).
    func path(of log: AttemptLogID) async throws -> String {
        let computed = folder.logPath(run: log.run.rawValue, task: log.task, attempt: log.attempt)
        if FileManager.default.fileExists(atPath: computed) { return computed }
        guard let recorded = try await runs.runDetail(log.run)?.tasks.first(where: { $0.id == log.task })?
            .attemptHistory.first(where: { $0.attempt == log.attempt })?.logPath else { return computed }
        return folder.attemptLog(recorded: recorded, run: log.run.rawValue, task: log.task, attempt: log.attempt)
    }
}
