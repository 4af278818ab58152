import Foundation
import OrchestratorCore
import OrchestratorStore

/// Reads workflow files from disk against the task types of a registry.
public enum WorkflowFile {
    public enum ReadError: LocalizedError {
        case cannotRead(path: String, reason: String)

        public var errorDescription: String? {
            switch self {
            case .cannotRead(let path, let reason): "cannot read workflow file '\(path)': \(reason)"
            }
        }
    }

    /// Reads and validates a workflow file. Throws `DiagnosticsError` listing every problem.
    public static func load(path: String, registry: TaskRegistry) throws -> (Workflow, WorkflowRecord) {
        if let bytes = oversize(path: path) { throw WorkflowLoader.tooLarge(file: path, bytes: bytes) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file"
            throw ReadError.cannotRead(path: path, reason: reason)
        }
        let workflow = try WorkflowLoader.load(text: text, file: path, catalog: registry.catalog).get()
        return (workflow, WorkflowRecord(name: workflow.name, hash: hash(text), file: path, yaml: text))
    }

    /// The size of the file at `path` when it is over `WorkflowLoader.maximumFileBytes`, so that it is refused unread.
    /// A plain `stat`: Foundation's `attributesOfItem` also looks up the owner's user and group
    /// names, which cost a millisecond or more on every `run`.
    public static func oversize(path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) > WorkflowLoader.maximumFileBytes else { return nil }
        return Int(info.st_size)
    }

    /// FNV-1a 64-bit hash of the text, as 16 hex digits.
    public static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
