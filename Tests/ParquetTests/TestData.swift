@testable import Parquet

/// Deterministic pseudo-random numbers (SplitMix64) so test data is reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Decoder for the RLE/bit-packed hybrid, used to check the encoder.
enum RLEHybridTestDecoder {
    static func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) -> [UInt32] {
        var out: [UInt32] = []
        var ip = 0
        func varint() -> Int {
            var v = 0
            var shift = 0
            while true {
                let b = bytes[ip]
                ip += 1
                v |= Int(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }
        while out.count < count && ip < bytes.count {
            let header = varint()
            if header & 1 == 1 {
                let values = (header >> 1) * 8
                var acc: UInt64 = 0
                var bits = 0
                for _ in 0..<values {
                    while bits < bitWidth {
                        acc |= UInt64(bytes[ip]) << bits
                        ip += 1
                        bits += 8
                    }
                    out.append(UInt32(acc & ((1 << UInt64(bitWidth)) - 1)))
                    acc >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
            } else {
                var value: UInt32 = 0
                for k in 0..<((bitWidth + 7) / 8) {
                    value |= UInt32(bytes[ip]) << (8 * k)
                    ip += 1
                }
                out.append(contentsOf: repeatElement(value, count: header >> 1))
            }
        }
        return Array(out.prefix(count))
    }
}

/// Formats an unscaled decimal the way Python's `str(Decimal)` does for small scales.
func decimalString(_ unscaled: Int64, scale: Int) -> String {
    let negative = unscaled < 0
    let digits = String(unscaled.magnitude)
    guard scale > 0 else { return (negative ? "-" : "") + digits }
    let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -scale)
    return (negative ? "-" : "") + padded[..<cut] + "." + padded[cut...]
}


/// Encodes one column chunk on its own; returns the chunk summary and its bytes.
func encodeChunkAlone(_ column: ParquetColumn, selection: RowSelection,
                      options: ChunkOptions) throws -> (chunk: EncodedChunk, bytes: [UInt8]) {
    var sink = PageSink(codec: options.codec)
    let chunk = try ParquetWriter.encodeChunk(column, selection: selection, options: options, sink: &sink)
    return (chunk, Array(sink.file[chunk.start..<(chunk.start + chunk.byteCount)]))
}
