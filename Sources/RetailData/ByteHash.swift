/// A fast non-cryptographic 64-bit hash of byte strings (multiply-fold mixing, 8 bytes a step,
/// short keys read with overlapping loads instead of a byte loop).
///
/// Used only to place keys in hash tables whose lookups then compare the bytes themselves,
/// so its quality affects speed, never correctness.
enum ByteHash {
    private static let p0: UInt64 = 0xA076_1D64_78BD_642F
    private static let p1: UInt64 = 0xE703_7ED1_A0B4_28DB
    private static let p2: UInt64 = 0x8EBC_6AF0_9C88_C6E3

    @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// Reads up to 8 bytes at `raw` (count 0...8) as one word; bytes are never read past `count`.
    @inline(__always)
    static func loadShort(_ raw: UnsafeRawPointer, _ count: Int) -> UInt64 {
        if count >= 4 {
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return first | last << 32
        }
        if count == 0 { return 0 }
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        return UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1]) << 16
    }

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: count) &* p0
        guard let base else { return fold(h ^ p1, p2) }
        let raw = UnsafeRawPointer(base)
        if count <= 8 {
            return fold(loadShort(raw, count) ^ p1, h ^ p2)
        }
        var i = 0
        while i + 8 < count {
            h = fold(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ p1, h ^ p2)
            i += 8
        }
        // The last word overlaps the previous one; the length in `h` keeps keys apart.
        return fold(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) ^ p2, h ^ p0)
    }

    /// Mixes four words (a row key) into one hash.
    @inline(__always)
    static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
        fold(fold(a ^ p0, b ^ p1) ^ c, d ^ p2)
    }

    /// True when the `count` bytes at `left` and `right` are equal (no library call).
    @inline(__always)
    static func equal(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, _ count: Int) -> Bool {
        if count <= 8 {
            return loadShort(left, count) == loadShort(right, count)
        }
        var i = 0
        while i + 8 < count {
            if left.loadUnaligned(fromByteOffset: i, as: UInt64.self) != right.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        return left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
}
