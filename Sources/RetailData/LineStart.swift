#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where a line starts in a file, without reading the file up to there.
enum LineStart {
    /// The offset just after the first line feed at or after `offset`; nil when there is none
    /// before the end of the file.
    static func after(_ offset: Int, in path: String) throws -> Int? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileIOError.cannotOpen(path: path, reason: FileIOError.systemReason())
        }
        defer { _ = closeDescriptor(descriptor) }
        let window = 64 << 10
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: window)
        defer { buffer.deallocate() }
        var position = max(0, offset)
        while true {
            let count = pread(descriptor, buffer, window, off_t(position))
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError.readFailed(path: path, reason: FileIOError.systemReason())
            }
            if count == 0 { return nil }
            for index in 0..<count where buffer[index] == 10 { return position + index + 1 }
            position += count
        }
    }
}
