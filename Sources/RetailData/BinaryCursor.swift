#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads little-endian values from a byte buffer with bounds checks.
struct BinaryCursor {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// The next `count` bytes, indexed from 0.
    mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else {
            throw SalesTableFileError.corrupt(path: path, detail: "truncated at byte \(offset)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// A u64 count that must fit the remaining bytes.
    mutating func count(_ what: String) throws -> Int {
        let slice = try bytes(8)
        let value = UInt64(littleEndian: slice.loadUnaligned(as: UInt64.self))
        guard value <= UInt64(bytes.count) else {
            throw SalesTableFileError.corrupt(path: path, detail: "\(what) \(value) is larger than the file")
        }
        return Int(value)
    }

    mutating func array<T: FixedWidthInteger>(_ count: Int, _ what: String) throws -> [T] {
        let size = MemoryLayout<T>.stride
        guard count <= (bytes.count - offset) / size else {
            throw SalesTableFileError.corrupt(path: path, detail: "truncated \(what)")
        }
        let slice = try bytes(count * size)
        var values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let destination = buffer.baseAddress, let source = slice.baseAddress {
                memcpy(destination, source, count * size)
            }
            initialized = count
        }
        #if _endian(big)
        for index in values.indices { values[index] = T(littleEndian: values[index]) }
        #endif
        _ = values.count
        return values
    }
}
