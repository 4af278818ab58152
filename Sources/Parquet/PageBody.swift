/// Helpers for building uncompressed page bodies.
enum PageBody {
    /// Appends definition levels (max level 1) for a v1 data page:
    /// a 4-byte little-endian length, then the RLE/bit-packed hybrid.
    static func appendDefinitionLevels(_ levels: ArraySlice<UInt8>, to body: inout [UInt8]) {
        let lengthAt = body.count
        body.append(contentsOf: [0, 0, 0, 0])
        levels.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: 1, into: &body) }
        let length = UInt32(body.count - lengthAt - 4)
        for k in 0..<4 { body[lengthAt + k] = UInt8(truncatingIfNeeded: length >> (8 * k)) }
    }

    /// Appends a PLAIN byte array: 4-byte little-endian length, then the bytes.
    static func appendByteArray(_ string: String, to body: inout [UInt8]) {
        var s = string
        s.withUTF8 { utf8 in
            let n = UInt32(truncatingIfNeeded: utf8.count)
            body.append(UInt8(truncatingIfNeeded: n))
            body.append(UInt8(truncatingIfNeeded: n >> 8))
            body.append(UInt8(truncatingIfNeeded: n >> 16))
            body.append(UInt8(truncatingIfNeeded: n >> 24))
            body.append(contentsOf: utf8)
        }
    }

    /// Number of 1s in `levels` (the non-null values of those rows).
    static func nonNullCount(_ levels: ArraySlice<UInt8>) -> Int {
        levels.withUnsafeBufferPointer { buf in
            var n = 0
            for l in buf { n &+= Int(l) }
            return n
        }
    }
}
