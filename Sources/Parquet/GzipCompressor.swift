import CZlib

/// Produces gzip streams (RFC 1952) with zlib, as Parquet's GZIP codec expects.
enum GzipCompressor {
    /// `windowBits` 15 + 16: maximum window, gzip header and trailer.
    static let gzipWindowBits: Int32 = 31

    /// Compresses `input` into a complete gzip stream.
    static func compress(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws -> [UInt8] {
        var stream = z_stream()
        var status = deflateInit2_(&stream, level, Z_DEFLATED, gzipWindowBits, 8,
                                   Z_DEFAULT_STRATEGY, zlibVersion(),
                                   Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw ParquetError.compressionFailed(codec: "gzip", message: "deflateInit2 returned \(status)")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        var mutableInput = input
        let produced: Int = mutableInput.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                status = deflate(&stream, Z_FINISH)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else {
            throw ParquetError.compressionFailed(codec: "gzip", message: "deflate returned \(status)")
        }
        output.removeSubrange(produced...)
        return output
    }
}
