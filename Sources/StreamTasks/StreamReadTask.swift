import OrchestratorCore
import OrchestratorEngine
import RetailTasks
import Streaming

/// `stream_read`: fixes the micro-batch: the records after the stream's committed checkpoint, up
/// to `max_records`. A batch left pending by a crashed run is taken again, unchanged. With nothing
/// to read the task ends `skipped`, and so does the rest of the run.
struct StreamReadTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "stream_read", summary: "fixes the next micro-batch of a stream (skipped when there is none)", keys: StreamTaskKeys.common + [
            .init("max_records", summary: "most records in one micro-batch (default 100000)"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let stream = try context.streamName()
        let maxRecords = try context.integer("max_records", default: 100_000)
        guard maxRecords > 0 else { throw TaskFailure("task '\(context.task.id)': 'max_records' must be > 0, got \(maxRecords)") }
        let database = try context.streamDatabase()
        let (range, stats) = try await StreamWork.run {
            (try database.planBatch(stream: stream, maxRecords: maxRecords, run: context.runID.rawValue), try database.stats(stream: stream))
        }
        var outputs: [(key: String, value: String)] = [
            ("lag_records", String(stats?.lagRecords ?? 0)),
            ("lag_seconds", DecimalText.threeDecimals(stats?.lagSeconds ?? 0)),
        ]
        guard let range else {
            context.log.write("stream '\(stream)': nothing after checkpoint \(stats?.checkpoint ?? 0)")
            outputs.append(("records", "0"))
            return TaskResult(outputs: outputs, skipped: true)
        }
        context.log.write("stream '\(stream)': batch \(range.first)-\(range.last) (\(range.count) records)\(range.resumed ? ", resumed" : "")")
        outputs += [("first_seq", String(range.first)), ("last_seq", String(range.last)), ("records", String(range.count)),
                    ("resumed", String(range.resumed))]
        return TaskResult(outputs: outputs)
    }
}
