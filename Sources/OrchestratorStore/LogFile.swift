import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opening an attempt's log for appending. The run's log folder (`logs/RUN/`) is created by the
/// first open that needs it, so runs whose tasks never write cost no directory.
public enum LogFile {
    /// A descriptor open for appending to `path` (close-on-exec), or -1 with `errno` set.
    public static func openAppending(_ path: String) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
        let fd = open(path, flags, 0o644)
        guard fd < 0, errno == ENOENT else { return fd }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            errno = ENOENT
            return -1
        }
        return open(path, flags, 0o644)
    }
}
