import Crypto
import Foundation

/// SHA-256 of a file, computed by streaming it in chunks; can run on a background thread.
public enum FileDigest {
    /// Lower-case hex SHA-256 of the file at `path`.
    public static func sha256Hex(path: String, chunkSize: Int = 128 << 10) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileIOError.cannotOpen(path: path, reason: FileIOError.systemReason())
        }
        defer { _ = closeDescriptor(descriptor) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = readDescriptor(descriptor, buffer, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError.readFailed(path: path, reason: FileIOError.systemReason())
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: count))
        }
        return hex(hasher.finalize())
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Starts hashing `path` on its own thread; call `BackgroundResult.wait()` for the digest.
    public static func sha256InBackground(path: String) -> BackgroundResult<String> {
        BackgroundResult { try sha256Hex(path: path) }
    }
}
