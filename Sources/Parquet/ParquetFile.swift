#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain output of a finished file's bytes through stdio (whose large writes go straight to the
/// file, uncopied).
///
/// No temporary file and no `fsync`: on this path each of those cost more than encoding a
/// partition (an `fsync` blocks for milliseconds), and every caller already writes into a
/// staging place it swaps in whole.
enum ParquetFile {
    /// Creates or truncates `path` and writes `bytes` to it.
    ///
    /// - Throws: `ParquetError.writeFailed` naming the path and the system's reason.
    static func save(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        guard let file = fopen(path, "wbe") else { throw failure(path) }
        let written = bytes.isEmpty ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, file)
        let failed = written < bytes.count ? failure(path) : nil
        guard fclose(file) == 0 else { throw failed ?? failure(path) }
        if let failed { throw failed }
    }

    private static func failure(_ path: String) -> ParquetError {
        .writeFailed(path: path, message: String(cString: strerror(errno)))
    }
}
