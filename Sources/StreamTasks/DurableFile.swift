import Foundation
import OrchestratorEngine

/// fsync for files and folders, so a rename is on disk before a checkpoint says so.
enum DurableFile {
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TaskFailure("cannot open \(path) to sync it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw TaskFailure("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
