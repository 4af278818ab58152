import Foundation
import OrchestratorCore
import OrchestratorEngine
import RetailData

/// `ingest`: lands the source CSV: checks that it exists and that its header has every required
/// column (any order, any case), and fingerprints it (size, SHA-256) before anything is cleaned.
struct IngestTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "ingest", summary: "checks and fingerprints a retail CSV", keys: [
            .init("source", required: true, summary: "the CSV file to read"),
            .init("encoding", summary: "auto (default), utf-8 or latin-1"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let source = context.resolvePath(try context.requiredString("source"))
        let encoding: InputEncoding = try context.choice("encoding", default: .auto)
        guard FileManager.default.fileExists(atPath: source) else {
            throw TaskFailure("source file '\(source)' does not exist (task '\(context.task.id)', key 'source')")
        }
        let (size, digest) = try await BlockingWork.run {
            let reader = try CSVStreamReader(path: source, columns: RetailColumns.all, options: CSVReaderOptions(encoding: encoding))
            return (reader.fileSize, try FileDigest.sha256Hex(path: source))
        }
        context.log.write("source \(source): \(size) bytes, sha256 \(digest)")
        return TaskResult(outputs: [("source", source), ("bytes", String(size)), ("sha256", digest)])
    }
}
