import OrchestratorCore
import OrchestratorEngine
import Streaming

/// `stream_commit`: moves the stream's checkpoint past the micro-batch, after every sink is done.
struct StreamCommitTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "stream_commit", summary: "commits the micro-batch: moves the stream's checkpoint", keys: StreamTaskKeys.common)
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let stream = try context.streamName()
        let database = try context.streamDatabase()
        let run = context.runID.rawValue
        let committed: StreamDatabase.BatchRange?
        do {
            committed = try await StreamWork.run {
                guard let range = try database.pendingBatch(stream: stream, run: run) else { return nil }
                try database.commitBatch(stream: stream, range: range, run: run)
                return range
            }
        } catch let error as StreamError {
            throw TaskFailure("task '\(context.task.id)': \(error)")
        }
        guard let committed else {
            context.log.write("stream '\(stream)': no pending batch (already committed)")
            return TaskResult(outputs: [("committed", "0")])
        }
        context.log.write("stream '\(stream)': checkpoint \(committed.last)")
        return TaskResult(outputs: [("checkpoint", String(committed.last)), ("committed", String(committed.count))])
    }
}
