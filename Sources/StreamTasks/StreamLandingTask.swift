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
/// `quarantine/NAME.DIGEST12.csv` with their line numbers (`line,reason,raw`), as in the batch
/// pipeline. A file that cannot be read as a sales CSV at all (empty, missing columns) goes to
/// `rejected/` with a `.reason.txt`, and the files after it are still landed.
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
        var accepted = 0, quarantined = 0, rows = 0, rejected = 0
        for name in names {
            try Task.checkCancellation()
            do {
                let result = try await StreamWork.run { try Self.land(name, folder: folder, stream: stream, database: database) }
                accepted += result.accepted
                quarantined += result.quarantined
                rows += result.rows
                context.notice(result.summary)
            } catch let error as FileRejection {
                // A file that cannot be read at all must not hold up the files after it.
                rejected += 1
                context.notice("\(name): rejected, moved to rejected/: \(error.reason)")
                try Self.reject(name, folder: folder, reason: error.reason)
            }
        }
        return TaskResult(outputs: [("files", String(names.count)), ("rows", String(rows)), ("accepted", String(accepted)),
                                    ("quarantined", String(quarantined)), ("rejected", String(rejected))])
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
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw FileRejection(reason: "\(name) is a folder, not a file")
        }
        let digest: String
        do {
            digest = try FileDigest.sha256Hex(path: path)
        } catch {
            throw FileRejection(reason: "cannot read it: \(error)")
        }
        if let earlier = try database.landedFile(digest: digest) {
            try moveToDone(name, folder: folder, digest: digest)
            return Landed(summary: "\(name): landed before as \(earlier.name) (\(earlier.accepted) records); moved to done/")
        }
        let file: LandingFile
        do {
            file = try LandingFile.read(path)
        } catch {
            throw FileRejection(reason: "\(error)")
        }
        if !file.refused.isEmpty {
            let quarantine = folder + "/quarantine"
            try FileManager.default.createDirectory(atPath: quarantine, withIntermediateDirectories: true)
            // Named by the file and its digest's start, so a later file of the same name keeps its own.
            let target = quarantine + "/" + name + "." + digest.prefix(12) + ".csv"
            try Data(file.quarantineCSV.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
            try DurableFile.sync(target)
        }
        let appended = try database.land(digest: digest, name: name, stream: stream, rows: file.rows, records: file.accepted)
        try moveToDone(name, folder: folder, digest: digest)
        guard appended else {
            return Landed(summary: "\(name): landed by another process meanwhile; moved to done/")
        }
        return Landed(rows: file.rows, accepted: file.accepted.count, quarantined: file.refused.count,
                      summary: "\(name): \(file.accepted.count) records appended to '\(stream)', \(file.refused.count) quarantined; moved to done/")
    }

    /// A landed file that cannot be read as a sales CSV (empty, a header without the columns, not a file).
    struct FileRejection: Error {
        var reason: String
    }

    /// Moves an unreadable file to `rejected/` with a `NAME.reason.txt` beside it.
    static func reject(_ name: String, folder: String, reason: String) throws {
        let rejected = folder + "/rejected"
        try FileManager.default.createDirectory(atPath: rejected, withIntermediateDirectories: true)
        var target = rejected + "/" + name
        if FileManager.default.fileExists(atPath: target) { target += "." + String(Int(Date().timeIntervalSince1970)) }
        guard rename(folder + "/" + name, target) == 0 else {
            throw TaskFailure("cannot move \(folder)/\(name) to \(target): \(String(cString: strerror(errno)))")
        }
        try Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: target + ".reason.txt"), options: .atomic)
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
