import OrchestratorCore
import OrchestratorEngine
import Streaming

/// `stream_serving_sink`: upserts the cleaned micro-batch into `invoice_items` and
/// `customer_invoices`, each table in one transaction of its own file, both at once. Upserts by key
/// are idempotent, so a rerun is harmless; a reader may briefly see one table ahead of the other.
struct StreamServingSinkTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "stream_serving_sink", summary: "upserts the micro-batch into the serving tables", keys: StreamTaskKeys.common)
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let stream = try context.streamName()
        let database = try context.streamDatabase()
        guard let batch = try await context.pendingMicroBatch(database, stream: stream) else {
            return TaskResult(outputs: [("rows", "0")], skipped: true)
        }
        let rows = try await StreamWork.run { try database.upsert(batch.table, seqs: batch.seqs) }
        context.log.write("upserted \(rows) rows into invoice_items and customer_invoices")
        return TaskResult(outputs: [("rows", String(rows))])
    }
}
