import Foundation
import OrchestratorCore
import OrchestratorEngine
import RetailData
import Streaming

/// `stream_landing`: appends the CSV files dropped in a landing folder to a stream, each exactly
/// once, then moves them to `done/`.
///
/// A file is known by the SHA-256 of its content. Its accepted records and its `landed_files` row
/// are committed in one transaction; a crash before the move leaves the file in place, and the
/// next pickup finds its digest recorded and only moves it. Rows that fail the edge checks go to
/// `quarantine/NAME` with their line numbers (`line,reason,raw`), as in the batch pipeline.
struct StreamLandingTask: TaskType {
    var descriptor: TaskTypeDescriptor {
        TaskTypeDescriptor(name: "stream_landing", summary: "appends CSV files from a landing folder to a stream, once each", keys: StreamTaskKeys.common + [
            .init("folder", summary: "the landing folder (default data/incoming)"),
        ])
    }

    func execute(_ context: TaskContext) async throws -> TaskResult {
        let folder = context.resolvePath(context.string("folder") ?? "data/incoming")
        let stream = try context.streamName()
        let database = try context.streamDatabase()
        let names = try Self.pending(in: folder)
        guard !names.isEmpty else { return TaskResult(outputs: [("files", "0")], skipped: true) }
        var accepted = 0, quarantined = 0, rows = 0
        for name in names {
            try Task.checkCancellation()
            let result = try await StreamWork.run { try Self.land(name, folder: folder, stream: stream, database: database) }
            accepted += result.accepted
            quarantined += result.quarantined
            rows += result.rows
            context.notice(result.summary)
        }
        return TaskResult(outputs: [("files", String(names.count)), ("rows", String(rows)), ("accepted", String(accepted)),
                                    ("quarantined", String(quarantined))])
    }

    /// The `.csv` files waiting in `folder`, by name.
    static func pending(in folder: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { throw TaskFailure("landing folder \(folder) is a file, not a folder") }
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
    }

    struct Landed {
        var rows = 0, accepted = 0, quarantined = 0
        var summary: String
    }

    static func land(_ name: String, folder: String, stream: String, database: StreamDatabase) throws -> Landed {
        let path = folder + "/" + name
        let digest = try FileDigest.sha256Hex(path: path)
        if let earlier = try database.landedFile(digest: digest) {
            try moveToDone(name, folder: folder, digest: digest)
            return Landed(summary: "\(name): landed before as \(earlier.name) (\(earlier.accepted) records); moved to done/")
        }
        let file: LandingFile
        do {
            file = try LandingFile.read(path)
        } catch {
            throw TaskFailure("cannot read landed file \(path): \(error)")
        }
        if !file.refused.isEmpty {
            let quarantine = folder + "/quarantine"
            try FileManager.default.createDirectory(atPath: quarantine, withIntermediateDirectories: true)
            let target = quarantine + "/" + name
            try Data(file.quarantineCSV.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
            try DurableFile.sync(target)
        }
        _ = try database.land(digest: digest, name: name, stream: stream, rows: file.rows, records: file.accepted)
        try moveToDone(name, folder: folder, digest: digest)
        return Landed(rows: file.rows, accepted: file.accepted.count, quarantined: file.refused.count,
                      summary: "\(name): \(file.accepted.count) records appended to '\(stream)', \(file.refused.count) quarantined; moved to done/")
    }

    /// Moves the file into `done/`; a name already there gets the digest's first 12 characters appended.
    static func moveToDone(_ name: String, folder: String, digest: String) throws {
        let done = folder + "/done"
        try FileManager.default.createDirectory(atPath: done, withIntermediateDirectories: true)
        var target = done + "/" + name
        if FileManager.default.fileExists(atPath: target) { target += "." + digest.prefix(12) }
        guard rename(folder + "/" + name, target) == 0 else {
            throw TaskFailure("cannot move \(folder)/\(name) to \(target): \(String(cString: strerror(errno)))")
        }
    }
}
