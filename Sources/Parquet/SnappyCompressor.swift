/// Compressor for the raw Snappy block format (the form Parquet's SNAPPY codec
/// uses): a varint of the uncompressed length followed by literal and copy
/// elements.
///
/// Input is processed in independent 64 KiB blocks; within a block a hash
/// table of 4-byte prefixes finds earlier occurrences, and runs of misses make
/// the scan skip ahead faster so incompressible data costs little.
enum SnappyCompressor {
    /// Bytes compressed independently (so 16-bit table entries and offsets suffice).
    static let blockSize = 1 << 16
    /// Log2 of the largest hash table.
    static let maxHashBits = 14
    /// Blocks shorter than this are stored as one literal.
    static let inputMargin = 15

    /// Upper bound of the compressed size of `length` input bytes.
    static func maxCompressedLength(_ length: Int) -> Int { 32 + length + length / 6 }

    /// Compresses `input` into one Snappy block.
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var scratch: [UInt8] = []
        let count = input.withUnsafeBytes { compress($0, into: &scratch) }
        return Array(scratch[..<count])
    }

    /// Compresses `input` into the front of `scratch`, growing it when needed,
    /// and returns the compressed length. Reusing `scratch` across pages avoids
    /// a fresh allocation per page.
    static func compress(_ input: UnsafeRawBufferPointer, into scratch: inout [UInt8]) -> Int {
        let needed = maxCompressedLength(input.count)
        if scratch.count < needed {
            scratch = [UInt8](repeating: 0, count: max(needed, scratch.count * 2))
        }
        return scratch.withUnsafeMutableBufferPointer { out in
            guard let dst = out.baseAddress else { return 0 }
            return input.withMemoryRebound(to: UInt8.self) { compress($0, to: dst) }
        }
    }

    /// Compresses `input` to `dst`, which has room for `maxCompressedLength`
    /// bytes; returns the compressed length.
    static func compress(_ input: UnsafeBufferPointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        let n = input.count
        var op = 0
        var len = UInt64(n)
        while len >= 0x80 {
            dst[op] = UInt8(truncatingIfNeeded: len) | 0x80
            op += 1
            len >>= 7
        }
        dst[op] = UInt8(len)
        op += 1
        guard let src = input.baseAddress, n > 0 else { return op }
        let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 1 << maxHashBits)
        defer { table.deallocate() }
        var blockStart = 0
        while blockStart < n {
            let blockEnd = min(blockStart + blockSize, n)
            op = compressBlock(src, blockStart, blockEnd, table, dst, op)
            blockStart = blockEnd
        }
        return op
    }

    /// Compresses `src[start..<end]` (at most `blockSize` bytes) to `dst[op...]`;
    /// returns the new output position.
    private static func compressBlock(_ src: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                      _ table: UnsafeMutablePointer<UInt16>,
                                      _ dst: UnsafeMutablePointer<UInt8>, _ opIn: Int) -> Int {
        var op = opIn
        let length = end - start
        if length <= inputMargin {
            return emitLiteral(src + start, length, dst, op)
        }
        // Size the table to the block so short pages do not clear 32 KiB.
        var hashBits = 8
        while hashBits < maxHashBits && (1 << hashBits) < length { hashBits += 1 }
        let shift = UInt32(32 - hashBits)
        table.update(repeating: 0, count: 1 << hashBits)
        let raw = UnsafeRawPointer(src)

        @inline(__always) func load32(_ p: Int) -> UInt32 {
            raw.loadUnaligned(fromByteOffset: p, as: UInt32.self)
        }
        @inline(__always) func hash(_ p: Int) -> Int {
            Int((load32(p) &* 0x1E35_A7BD) >> shift)
        }

        let ipLimit = end - inputMargin
        var nextEmit = start
        var ip = start + 1
        outer: while true {
            // Look for a 4-byte match, skipping faster after repeated misses.
            var skip: UInt32 = 32
            var candidate = 0
            while true {
                let h = hash(ip)
                let next = ip &+ Int(skip >> 5)
                skip &+= 1
                candidate = start &+ Int(table[h])
                table[h] = UInt16(truncatingIfNeeded: ip &- start)
                if candidate < ip && load32(candidate) == load32(ip) { break }
                ip = next
                if ip > ipLimit { break outer }
            }
            op = emitLiteral(src + nextEmit, ip - nextEmit, dst, op)
            // Emit copies as long as the position right after a match matches again.
            while true {
                let matched = 4 &+ matchLength(raw, candidate &+ 4, ip &+ 4, end)
                op = emitCopy(offset: ip &- candidate, length: matched, dst, op)
                ip &+= matched
                nextEmit = ip
                if ip >= ipLimit { break outer }
                table[hash(ip &- 1)] = UInt16(truncatingIfNeeded: ip &- 1 &- start)
                let h = hash(ip)
                candidate = start &+ Int(table[h])
                table[h] = UInt16(truncatingIfNeeded: ip &- start)
                if !(candidate < ip && load32(candidate) == load32(ip)) { break }
            }
            ip += 1
            if ip > ipLimit { break }
        }
        if nextEmit < end {
            op = emitLiteral(src + nextEmit, end - nextEmit, dst, op)
        }
        return op
    }

    /// Number of equal bytes at `a` and `b` (with `a < b`), not reading past `end`.
    @inline(__always)
    private static func matchLength(_ raw: UnsafeRawPointer, _ a: Int, _ b: Int, _ end: Int) -> Int {
        var matched = 0
        while b &+ matched &+ 8 <= end {
            let x = raw.loadUnaligned(fromByteOffset: a &+ matched, as: UInt64.self)
                ^ raw.loadUnaligned(fromByteOffset: b &+ matched, as: UInt64.self)
            if x != 0 {
                return matched &+ UInt64(littleEndian: x).trailingZeroBitCount >> 3
            }
            matched &+= 8
        }
        while b &+ matched < end && raw.load(fromByteOffset: a &+ matched, as: UInt8.self)
                == raw.load(fromByteOffset: b &+ matched, as: UInt8.self) {
            matched &+= 1
        }
        return matched
    }

    /// Writes a literal element holding `count` bytes from `from`.
    @inline(__always)
    private static func emitLiteral(_ from: UnsafePointer<UInt8>, _ count: Int,
                                    _ dst: UnsafeMutablePointer<UInt8>, _ opIn: Int) -> Int {
        guard count > 0 else { return opIn }
        var op = opIn
        let n = count - 1
        if n < 60 {
            dst[op] = UInt8(n << 2)
            op += 1
        } else {
            var extra = 0
            var v = n
            while v > 0 { extra += 1; v >>= 8 }
            dst[op] = UInt8((59 + extra) << 2)
            op += 1
            for k in 0..<extra {
                dst[op] = UInt8(truncatingIfNeeded: n >> (8 * k))
                op += 1
            }
        }
        (dst + op).update(from: from, count: count)
        return op + count
    }

    /// Writes copy elements for a match of `length >= 4` bytes at `offset < 65536`.
    @inline(__always)
    private static func emitCopy(offset: Int, length: Int,
                                 _ dst: UnsafeMutablePointer<UInt8>, _ opIn: Int) -> Int {
        var op = opIn
        var len = length
        while len >= 68 {
            op = emitShortCopy(offset: offset, length: 64, dst, op)
            len -= 64
        }
        if len > 64 {
            op = emitShortCopy(offset: offset, length: 60, dst, op)
            len -= 60
        }
        return emitShortCopy(offset: offset, length: len, dst, op)
    }

    /// Writes one copy element of 4...64 bytes.
    @inline(__always)
    private static func emitShortCopy(offset: Int, length: Int,
                                      _ dst: UnsafeMutablePointer<UInt8>, _ op: Int) -> Int {
        if length < 12 && offset < 2048 {
            dst[op] = UInt8(1 | ((length - 4) << 2) | ((offset >> 8) << 5))
            dst[op + 1] = UInt8(truncatingIfNeeded: offset)
            return op + 2
        }
        dst[op] = UInt8(2 | ((length - 1) << 2))
        dst[op + 1] = UInt8(truncatingIfNeeded: offset)
        dst[op + 2] = UInt8(truncatingIfNeeded: offset >> 8)
        return op + 3
    }
}
