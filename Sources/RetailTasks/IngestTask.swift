import Foundation
import OrchestratorCore
import OrchestratorEngine
import RetailData

/// `ingest`: lands the source CSV: checks that it exists, is readable, and that its header has
/// every required column (any order, any case), before anything is cleaned. `checksum: true`
/// also publishes its SHA-256 (clean always records it in quality/report.json).
struct IngestTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "ingest", summary: "checks and fingerprints a retail CSV", keys: [
            .init("source", required: true, summary: "the CSV file to read"),
            .init("encoding", summary: "auto (default), utf-8 or latin-1"),
            .init("checksum", summary: "true: also compute the file's SHA-256 (default false)"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let source = context.resolvePath(try context.requiredString("source"))
        let encoding: InputEncoding = try context.choice("encoding", default: .auto)
        guard FileManager.default.fileExists(atPath: source) else {
            throw TaskFailure("source file '\(source)' does not exist (task '\(context.task.id)', key 'source')")
        }
        let checksum = try context.flag("checksum", default: false)
        let (size, header, digest) = try await BlockingWork.run {
            let reader = try CSVStreamReader(path: source, columns: RetailColumns.all, options: CSVReaderOptions(encoding: encoding))
            return (reader.fileSize, reader.header, checksum ? try FileDigest.sha256Hex(path: source) : nil)
        }
        context.log.write("source \(source): \(size) bytes, header \(header.joined(separator: ","))" + (digest.map { ", sha256 \($0)" } ?? ""))
        var outputs = [("source", source), ("bytes", String(size))]
        if let digest { outputs.append(("sha256", digest)) }
        return TaskResult(outputs: outputs)
    }
}
