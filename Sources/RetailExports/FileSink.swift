#if canImport(Glibc)
import Glibc

private let systemClose = Glibc.close
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin

private let systemClose = Darwin.close
private let systemWrite = Darwin.write
#endif

/// A file opened for sequential writing (created or truncated), written with plain `write(2)`.
///
/// Call `close()` to learn about a failed close; `deinit` closes silently if that was skipped.
final class FileSink {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(ExportError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw .cannotWriteFile(path: path, reason: Self.lastError()) }
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(ExportError) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw .cannotWriteFile(path: path, reason: Self.lastError())
            }
            next += written
            remaining -= written
        }
    }

    func close() throws(ExportError) {
        let result = systemClose(descriptor)
        descriptor = -1
        if result != 0 { throw .cannotWriteFile(path: path, reason: Self.lastError()) }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
