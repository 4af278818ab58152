#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX output of a finished file's bytes: one `open`, `write`s until done, `close`.
///
/// No temporary file and no `fsync`: on this path each of those cost more than encoding a
/// partition (an `fsync` blocks for milliseconds), and every caller already writes into a
/// staging place it swaps in whole.
enum ParquetFile {
    /// Creates or truncates `path` and writes `bytes` to it.
    ///
    /// - Throws: `ParquetError.writeFailed` naming the path and the system's reason.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path) }
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = systemWrite(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let error = failure(path)
                _ = systemClose(descriptor)
                throw error
            }
            offset += written
        }
        guard systemClose(descriptor) == 0 else { throw failure(path) }
    }

    private static func failure(_ path: String) -> ParquetError {
        .writeFailed(path: path, message: String(cString: strerror(errno)))
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
private let systemClose = Glibc.close
#elseif canImport(Musl)
private let systemWrite = Musl.write
private let systemClose = Musl.close
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
private let systemClose = Darwin.close
#endif
