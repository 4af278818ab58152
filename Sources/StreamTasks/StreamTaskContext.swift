import Foundation
import OrchestratorEngine
import Streaming

/// What every stream task reads from its keys: the stream and the streaming database.
extension TaskContext {
    /// The `stream` key, `transactions` by default, checked to be a valid stream name.
    func streamName() throws -> String {
        let name = string("stream") ?? "transactions"
        guard StreamError.isValidStreamName(name) else { throw TaskFailure("task '\(task.id)': \(StreamError.badStreamName(name))") }
        return name
    }

    /// The streaming database: the `database` key, or `streams.sqlite` in the state folder. Opened
    /// once per run: the tasks of a micro-batch share its pools.
    func streamDatabase() throws -> StreamDatabase {
        let path = string("database").map(resolvePath) ?? StreamDatabase.path(inState: stateRoot)
        let key = "stream-database:\(path)"
        if let database = artifacts.value(for: key, as: StreamDatabase.self) { return database }
        do {
            let database = try StreamDatabase(path: path)
            artifacts.store(database, for: key)
            return database
        } catch {
            throw TaskFailure("task '\(task.id)': cannot open the stream database \(path): \(error)")
        }
    }

    /// The pending micro-batch, cleaned: taken from this run's artifacts when an earlier task of
    /// the run cleaned it, otherwise read and cleaned again (after a restart). Nil when the stream
    /// has no pending batch, which means it was committed already.
    func pendingMicroBatch(_ database: StreamDatabase, stream: String) async throws -> MicroBatch? {
        let range: StreamDatabase.BatchRange?
        do {
            range = try database.pendingBatch(stream: stream, run: runID.rawValue)
        } catch let error as StreamError {
            throw TaskFailure("task '\(task.id)': \(error)")
        }
        guard let range else { return nil }
        let key = "microbatch:\(stream):\(range.first)-\(range.last)"
        if let batch = artifacts.value(for: key, as: MicroBatch.self) { return batch }
        let batch = try await StreamWork.run { try MicroBatch.load(database, stream: stream, range: range) }
        artifacts.store(batch, for: key)
        return batch
    }
}
