import Foundation
import OrchestratorCore
import OrchestratorEngine
import RetailData

/// `datagen`: writes the deterministic synthetic Online Retail CSV, by default only when the
/// file is missing, and says loudly that the data is synthetic.
struct DatagenTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "datagen", summary: "generates a synthetic UCI Online Retail CSV (Latin-1, CRLF)", keys: [
            .init("path", required: true, summary: "where to write the CSV"),
            .init("rows", summary: "row count, default 541909"),
            .init("seed", summary: "random seed, default 42; same seed, same bytes"),
            .init("if_missing", summary: "true (default): keep an existing file untouched"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let path = context.resolvePath(try context.requiredString("path"))
        let rows = try context.integer("rows", default: 541_909)
        let seed = try context.integer("seed", default: 42)
        guard rows > 0, seed >= 0 else { throw TaskFailure("task '\(context.task.id)': rows must be > 0 and seed >= 0") }
        if try context.flag("if_missing", default: true), FileManager.default.fileExists(atPath: path) {
            context.log.write("using existing source \(path); nothing generated")
            return TaskResult(outputs: [("path", path), ("synthetic", "false")])
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let written = try await BlockingWork.run {
            try OnlineRetailGenerator(rows: rows, seed: UInt64(seed)).write(toPath: path)
        }
        context.notice("SYNTHETIC DATA: \(path) did not exist, so a generated stand-in for UCI Online Retail was written (\(rows) rows, seed \(seed)). Pass --param source=PATH to use the real file.")
        return TaskResult(outputs: [("path", path), ("synthetic", "true"), ("bytes", String(written))])
    }
}
