import OrchestratorCore
import OrchestratorEngine
import Streaming

/// `stream_clean`: cleans the pending micro-batch with the batch pipeline's rules and reports what
/// was kept and dropped. The cleaned table is handed to the sinks of the same run.
struct StreamCleanTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "stream_clean", summary: "cleans the pending micro-batch with the batch cleaning rules", keys: StreamTaskKeys.common)
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let stream = try context.streamName()
        let database = try context.streamDatabase()
        guard let batch = try await context.pendingMicroBatch(database, stream: stream) else {
            context.log.write("stream '\(stream)': no pending batch (already committed)")
            return TaskResult(outputs: [("clean", "0")], skipped: true)
        }
        var outputs: [(key: String, value: String)] = [("read", String(batch.read)), ("clean", String(batch.table.count))]
        for (reason, count) in batch.dropped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            outputs.append(("dropped_\(reason.rawValue)", String(count)))
        }
        let quarantined = batch.quarantined.values.reduce(0, +)
        if quarantined > 0 { outputs.append(("quarantined", String(quarantined))) }
        context.log.write("batch \(batch.range.first)-\(batch.range.last): read \(batch.read), kept \(batch.table.count)")
        return TaskResult(outputs: outputs)
    }
}
