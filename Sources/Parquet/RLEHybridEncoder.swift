/// Encoder for Parquet's RLE / bit-packing hybrid (used for definition
/// levels and dictionary indices).
///
/// Runs of at least eight equal values become RLE runs; everything else is
/// bit-packed in groups of eight values, least significant bit first.
enum RLEHybridEncoder {
    /// Most groups of eight in one bit-packed run (keeps the header one byte).
    static let maxGroupsPerRun = 63

    /// Number of bits needed to store `maxValue` (at least 1).
    static func bitWidth(forMax maxValue: Int) -> Int {
        maxValue <= 0 ? 1 : Int.bitWidth - maxValue.leadingZeroBitCount
    }

    /// Upper bound of the encoded size of `count` values of `bitWidth` bits.
    static func maxEncodedLength(count: Int, bitWidth: Int) -> Int {
        // Bit-packed: bitWidth bits per value plus one header byte per 504 values;
        // RLE runs cost at most 5 + 4 bytes per 8 values. Either way within:
        count * (bitWidth + 16) / 8 + 2 * bitWidth + 16
    }

    /// Appends the hybrid encoding of `values` (each `< 1 << bitWidth`) to `out`.
    /// No length prefix is written.
    static func encode<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int,
                                             into out: inout [UInt8]) {
        precondition(bitWidth >= 1 && bitWidth <= 32, "bit width must be 1...32")
        // Grow `out` by the worst case, encode in place, then trim: no temporary buffer.
        let start = out.count
        let room = maxEncodedLength(count: values.count, bitWidth: bitWidth)
        out.append(contentsOf: repeatElement(0, count: room))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return encode(values, bitWidth: bitWidth, to: base + start)
        }
        out.removeLast(room - written)
    }

    /// Encodes into `dst` (with room for `maxEncodedLength`); returns bytes written.
    private static func encode<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int,
                                                     to dst: UnsafeMutablePointer<UInt8>) -> Int {
        let n = values.count
        var op = 0
        var packStart = 0 // pending literal values are values[packStart..<i]
        var i = 0
        while i < n {
            let v = values[i]
            var j = i &+ 1
            while j < n && values[j] == v { j &+= 1 }
            let run = j &- i
            let pad = (8 &- (i &- packStart) & 7) & 7
            if run &- pad >= 8 {
                // Top up the pending literals to whole groups with the run's head,
                // then let the rest of the run be one RLE run.
                op = bitPack(values, packStart..<(i &+ pad), bitWidth: bitWidth, dst, op)
                op = writeVarint(UInt64(run &- pad) << 1, dst, op)
                var value = UInt64(truncatingIfNeeded: v)
                for _ in 0..<((bitWidth &+ 7) >> 3) {
                    dst[op] = UInt8(truncatingIfNeeded: value)
                    op &+= 1
                    value >>= 8
                }
                packStart = j
            }
            i = j
        }
        return bitPack(values, packStart..<n, bitWidth: bitWidth, dst, op)
    }

    /// Convenience overload for arrays.
    static func encode<T: FixedWidthInteger>(_ values: [T], bitWidth: Int, into out: inout [UInt8]) {
        values.withUnsafeBufferPointer { encode($0, bitWidth: bitWidth, into: &out) }
    }

    /// Bit-packs `range` in runs of at most `maxGroupsPerRun` groups; a final
    /// partial group is padded with zeros.
    @inline(__always)
    private static func bitPack<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, _ range: Range<Int>,
                                                      bitWidth: Int, _ dst: UnsafeMutablePointer<UInt8>,
                                                      _ opIn: Int) -> Int {
        var op = opIn
        var start = range.lowerBound
        let upper = range.upperBound
        let width = UInt64(bitWidth)
        while start < upper {
            let groups = min((upper &- start &+ 7) >> 3, maxGroupsPerRun)
            op = writeVarint(UInt64(groups) << 1 | 1, dst, op)
            let end = start &+ groups &* 8
            var k = start
            while k < end {
                // One group of eight values is exactly `bitWidth` bytes.
                var acc: UInt64 = 0
                var bits: UInt64 = 0
                if k &+ 8 <= upper {
                    for m in 0..<8 {
                        acc |= UInt64(truncatingIfNeeded: values[k &+ m]) << bits
                        bits &+= width
                        if bits >= 32 {
                            UnsafeMutableRawPointer(dst + op).storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian,
                                                                         as: UInt32.self)
                            op &+= 4
                            acc >>= 32
                            bits &-= 32
                        }
                    }
                } else {
                    for m in 0..<8 {
                        let value: UInt64 = k &+ m < upper ? UInt64(truncatingIfNeeded: values[k &+ m]) : 0
                        acc |= value << bits
                        bits &+= width
                        if bits >= 32 {
                            UnsafeMutableRawPointer(dst + op).storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian,
                                                                         as: UInt32.self)
                            op &+= 4
                            acc >>= 32
                            bits &-= 32
                        }
                    }
                }
                while bits > 0 {
                    dst[op] = UInt8(truncatingIfNeeded: acc)
                    op &+= 1
                    acc >>= 8
                    bits &-= 8
                }
                k &+= 8
            }
            start = end
        }
        return op
    }

    /// Writes an unsigned LEB128 varint at `dst[op]`; returns the new position.
    @inline(__always)
    private static func writeVarint(_ value: UInt64, _ dst: UnsafeMutablePointer<UInt8>, _ opIn: Int) -> Int {
        var op = opIn
        var v = value
        while v >= 0x80 {
            dst[op] = UInt8(truncatingIfNeeded: v) | 0x80
            op &+= 1
            v >>= 7
        }
        dst[op] = UInt8(v)
        return op &+ 1
    }
}
