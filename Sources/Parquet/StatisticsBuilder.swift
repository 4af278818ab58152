import Foundation

/// Computes column-chunk statistics with each type's sort order:
/// signed for integers (and decimals, dates, timestamps), IEEE value order
/// without NaN for doubles, unsigned bytes for strings.
enum StatisticsBuilder {
    /// Little-endian PLAIN bytes of a fixed-width value.
    static func plain<T: BitwiseCopyable>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    /// Signed min/max of integer values.
    static func integers<T: FixedWidthInteger & BitwiseCopyable>(_ values: ArraySlice<T>, nullCount: Int) -> ColumnStatistics {
        guard let (lo, hi) = minMax(values) else {
            return ColumnStatistics(nullCount: Int64(nullCount))
        }
        return ColumnStatistics(minValue: plain(lo), maxValue: plain(hi), nullCount: Int64(nullCount))
    }

    /// Signed min and max, or `nil` for no values.
    static func minMax<T: FixedWidthInteger>(_ values: ArraySlice<T>) -> (T, T)? {
        values.withUnsafeBufferPointer { buf in
            guard var lo = buf.first else { return nil }
            var hi = lo
            for v in buf {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            return (lo, hi)
        }
    }

    /// Min/max of doubles ignoring NaN (counted in `nanCount`); a zero minimum
    /// is written as -0.0 and a zero maximum as +0.0, as the format asks.
    static func doubles(_ values: ArraySlice<Double>, nullCount: Int) -> ColumnStatistics {
        var lo = Double.infinity
        var hi = -Double.infinity
        var nans = 0
        var any = false
        for v in values {
            if v.isNaN { nans += 1; continue }
            any = true
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        var stats = ColumnStatistics(nullCount: Int64(nullCount), nanCount: Int64(nans))
        if any {
            if lo == 0 { lo = -0.0 }
            if hi == 0 { hi = 0.0 }
            stats.minValue = plain(lo)
            stats.maxValue = plain(hi)
        }
        return stats
    }

    /// Min/max of strings by unsigned UTF-8 byte order.
    static func strings<S: Sequence<String>>(_ values: S, nullCount: Int) -> ColumnStatistics {
        var lo: String?
        var hi: String?
        for v in values {
            if let l = lo {
                if precedes(v, l) { lo = v } else if let h = hi, precedes(h, v) { hi = v }
            } else {
                lo = v
                hi = v
            }
        }
        var stats = ColumnStatistics(nullCount: Int64(nullCount))
        if let lo, let hi {
            stats.minValue = Array(lo.utf8)
            stats.maxValue = Array(hi.utf8)
        }
        return stats
    }

    /// Whether `a` sorts before `b` comparing UTF-8 bytes as unsigned numbers.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = Swift.min(x.count, y.count)
                if n > 0, let px = x.baseAddress, let py = y.baseAddress {
                    let c = memcmp(px, py, n)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
    }
}
