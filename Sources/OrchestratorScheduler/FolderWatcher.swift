@preconcurrency import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Calls `onChange` when a file in a folder is created, written, renamed or deleted (inotify), from
/// a Dispatch queue; no polling, no CPU while nothing changes. Events come in bursts (an editor
/// writes, renames, changes modes), so the receiver should reload once per wake, not per event.
///
/// On systems without inotify the watcher does nothing and SIGHUP is the way to reload.
public final class FolderWatcher: @unchecked Sendable {
    let source: (any DispatchSourceRead)?

    public init(path: String, onChange: @escaping @Sendable () -> Void) throws {
        #if os(Linux)
        let descriptor = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        guard descriptor >= 0 else { throw WatchError(path: path, code: errno) }
        // IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
        // | IN_DELETE_SELF | IN_MOVE_SELF
        let mask: UInt32 = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800
        guard inotify_add_watch(descriptor, path, mask) >= 0 else {
            let code = errno
            close(descriptor)
            throw WatchError(path: path, code: code)
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "orchestrator.folder-watcher"))
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(descriptor, &buffer, buffer.count) > 0 {}
            onChange()
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        self.source = source
        #else
        self.source = nil
        #endif
    }

    /// Stops watching and closes the descriptor.
    public func cancel() {
        source?.cancel()
    }

    deinit { source?.cancel() }

    public struct WatchError: LocalizedError {
        public var path: String
        public var code: Int32

        public var errorDescription: String? {
            "cannot watch folder '\(path)': \(String(cString: strerror(code)))"
        }
    }
}
