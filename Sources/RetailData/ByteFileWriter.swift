#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered, append-only writer of raw bytes to a file through a POSIX descriptor.
///
/// Bytes accumulate in memory and go to the file once `flushThreshold` is passed, so a caller
/// can stream a large file with bounded memory. Not thread-safe; use from one task.
final class ByteFileWriter {
    let path: String
    private var descriptor: Int32
    private(set) var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    let flushThreshold: Int

    init(path: String, flushThreshold: Int = 1 << 20) throws {
        self.path = path
        self.flushThreshold = flushThreshold
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw FileIOError.cannotOpen(path: path, reason: FileIOError.systemReason())
        }
        buffer.reserveCapacity(flushThreshold + flushThreshold / 4)
    }

    /// A writer that only fills its buffer (no file), for assembling bytes.
    static func memory() -> ByteFileWriter { ByteFileWriter() }

    private init() {
        path = ""
        descriptor = -1
        flushThreshold = .max
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    /// Total bytes accepted so far (written or still buffered).
    var position: Int { bytesWritten + buffer.count }

    @inline(__always) func append(_ byte: UInt8) { buffer.append(byte) }

    @inline(__always) func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    @inline(__always) func append(_ bytes: UnsafeRawBufferPointer) { buffer.append(contentsOf: bytes) }

    func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// Appends bytes of the buffer itself (`buffer[range]`), used to repeat a row just written.
    func appendCopy(of range: Range<Int>) {
        let slice = Array(buffer[range])  // a small copy, so appending does not copy the whole buffer
        buffer.append(contentsOf: slice)
    }

    /// Writes the buffer out once it passes the threshold.
    func flushIfNeeded() throws {
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes all buffered bytes.
    func flush() throws {
        try buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileIOError.writeFailed(path: path, reason: FileIOError.systemReason())
                }
                offset += written
            }
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` straight to the file after what is buffered (no copy into the buffer).
    func writeDirect(_ bytes: UnsafeRawBufferPointer) throws {
        try flush()
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileIOError.writeFailed(path: path, reason: FileIOError.systemReason())
            }
            offset += written
        }
        bytesWritten += bytes.count
    }

    /// Flushes and closes the file.
    func close() throws {
        try flush()
        if descriptor >= 0 {
            let result = closeDescriptor(descriptor)
            descriptor = -1
            if result != 0 {
                throw FileIOError.writeFailed(path: path, reason: FileIOError.systemReason())
            }
        }
    }
}

/// The C `close`, reachable from inside types that have their own `close` method.
func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// The C `read`, reachable from inside types that have their own `read` method.
func readDescriptor(_ descriptor: Int32, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, destination, count)
}
