/// A byte buffer with the field encoders every CSV writer here shares; writers drain it in chunks.
///
/// Numbers and dates are formatted by hand straight into raw memory: no `String` per cell, no
/// locale, and one capacity check per field. Not copyable: it owns its allocation.
struct CSVBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    private let crlf: Bool
    /// The day whose `yyyy-MM-dd` text is cached in `dayText` (timestamps repeat days a lot).
    private var cachedDay = Int.min
    private var dayText: (UInt64, UInt16) = (0, 0)
    /// The last timestamp written when it took the plain 19 bytes (lines of an invoice share one),
    /// and those bytes (the last 4-byte word holds 3 text bytes and a spare).
    private var cachedTimestamp = Int64.min
    private var timestampText: (UInt64, UInt64, UInt32) = (0, 0, 0)

    /// The most bytes one number, date or timestamp field can take.
    static let maxScalarWidth = 40

    /// - Parameter withBOM: write the format's byte order mark (if it has one) first.
    init(format: CSVFormat, withBOM: Bool = true, reservingCapacity requested: Int = 0) {
        capacity = max(requested, 64) + 3
        base = .allocate(capacity: capacity)
        crlf = format.lineEnding == .crlf
        if withBOM && format.byteOrderMark { raw([0xEF, 0xBB, 0xBF]) }
    }

    deinit { base.deallocate() }

    /// Hands the bytes written so far to `consume` and empties the buffer (capacity is kept).
    mutating func drain<E: Error>(into consume: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws(E) {
        try consume(UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    /// Makes room for at least `extra` more bytes.
    @inline(__always)
    mutating func ensure(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func comma() { ensure(1); put(UInt8(ascii: ",")) }

    @inline(__always)
    mutating func endRow() {
        ensure(2)
        if crlf { put(0x0D) }
        put(0x0A)
    }

    /// Copies `bytes` as they are (an already escaped field).
    mutating func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { raw($0) }
    }

    /// Copies `bytes` as they are (an already escaped field).
    @inline(__always)
    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        ensure(bytes.count)
        guard let start = bytes.baseAddress else { return }
        if bytes.count <= 16 {
            for offset in 0..<bytes.count { base[count + offset] = start[offset] }
        } else {
            (base + count).update(from: start, count: bytes.count)
        }
        count += bytes.count
    }

    /// Writes `names` as a header row.
    mutating func header(_ names: [String]) {
        for (index, name) in names.enumerated() {
            if index > 0 { comma() }
            raw(CSVBuffer.escaped(name))
        }
        endRow()
    }

    /// A decimal integer.
    @inline(__always)
    mutating func integer(_ value: Int64) {
        ensure(Self.maxScalarWidth)
        if value < 0 { put(UInt8(ascii: "-")) }
        digits(value.magnitude, minimumWidth: 1)
    }

    /// Thousandths as `-12.345`.
    @inline(__always)
    mutating func money(_ thousandths: Int64) {
        ensure(Self.maxScalarWidth)
        if thousandths < 0 { put(UInt8(ascii: "-")) }
        let magnitude = thousandths.magnitude
        digits(magnitude / 1_000, minimumWidth: 1)
        put(UInt8(ascii: "."))
        digits(magnitude % 1_000, minimumWidth: 3)
    }

    /// `yyyy-MM-dd`.
    @inline(__always)
    mutating func date(days: Int) {
        ensure(Self.maxScalarWidth)
        if days != cachedDay {
            cachedDay = days
            let start = count
            let date = CalendarDay(daysSinceEpoch: days)
            guard (0...9_999).contains(date.year) else {
                // Outside the 10-byte cache: write it out in full, uncached.
                cachedDay = Int.min
                if date.year < 0 { put(UInt8(ascii: "-")) }
                digits(UInt64(date.year.magnitude), minimumWidth: 4)
                put(UInt8(ascii: "-")); digits(UInt64(date.month), minimumWidth: 2)
                put(UInt8(ascii: "-")); digits(UInt64(date.day), minimumWidth: 2)
                return
            }
            digits(UInt64(date.year), minimumWidth: 4)
            put(UInt8(ascii: "-")); digits(UInt64(date.month), minimumWidth: 2)
            put(UInt8(ascii: "-")); digits(UInt64(date.day), minimumWidth: 2)
            dayText = (
                UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self),
                UnsafeRawPointer(base + start + 8).loadUnaligned(as: UInt16.self)
            )
            return
        }
        UnsafeMutableRawPointer(base + count).storeBytes(of: dayText.0, as: UInt64.self)
        UnsafeMutableRawPointer(base + count + 8).storeBytes(of: dayText.1, as: UInt16.self)
        count += 10
    }

    /// `yyyy-MM-dd HH:mm:ss`, plus `.ffffff` when the microseconds are not zero.
    @inline(__always)
    mutating func timestamp(_ micros: Int64) {
        ensure(Self.maxScalarWidth)
        if micros == cachedTimestamp {
            let raw = UnsafeMutableRawPointer(base + count)
            raw.storeBytes(of: timestampText.0, as: UInt64.self)
            raw.storeBytes(of: timestampText.1, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: timestampText.2, toByteOffset: 16, as: UInt32.self)
            count += 19
            return
        }
        let start = count
        formatTimestamp(micros)
        if count - start == 19 {
            let raw = UnsafeRawPointer(base + start)
            cachedTimestamp = micros
            timestampText = (
                raw.loadUnaligned(as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
        }
    }

    private mutating func formatTimestamp(_ micros: Int64) {
        date(days: WallClock.day(ofMicros: micros))
        ensure(Self.maxScalarWidth)
        let time = WallClock.timeOfDay(ofMicros: micros)
        let seconds = UInt64(time / WallClock.microsPerSecond)
        put(UInt8(ascii: " "))
        digits(seconds / 3_600, minimumWidth: 2)
        put(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, minimumWidth: 2)
        put(UInt8(ascii: ":"))
        digits(seconds % 60, minimumWidth: 2)
        let fraction = UInt64(time % WallClock.microsPerSecond)
        if fraction != 0 {
            put(UInt8(ascii: "."))
            digits(fraction, minimumWidth: 6)
        }
    }

    /// `value` in decimal, left-padded with zeros to `minimumWidth`; room must be ensured.
    @inline(__always) private mutating func digits(_ value: UInt64, minimumWidth: Int) {
        let width = max(Self.decimalWidth(value), minimumWidth)
        var rest = value
        var position = count + width
        while rest >= 100 {
            let quotient = rest / 100
            let pair = UInt8(truncatingIfNeeded: rest &- quotient &* 100)
            position -= 2
            base[position] = pair / 10 &+ 48
            base[position + 1] = pair % 10 &+ 48
            rest = quotient
        }
        let last = UInt8(truncatingIfNeeded: rest)
        if last >= 10 {
            position -= 2
            base[position] = last / 10 &+ 48
            base[position + 1] = last % 10 &+ 48
        } else {
            position -= 1
            base[position] = last &+ 48
        }
        while position > count {
            position -= 1
            base[position] = UInt8(ascii: "0")
        }
        count += width
    }

    /// Number of decimal digits of `value` (1 for 0).
    @inline(__always) private static func decimalWidth(_ value: UInt64) -> Int {
        if value < 10 { return 1 }
        if value < 100 { return 2 }
        if value < 1_000 { return 3 }
        if value < 10_000 { return 4 }
        if value < 100_000 { return 5 }
        var width = 6
        var probe = value / 1_000_000
        while probe > 0 { probe /= 10; width += 1 }
        return width
    }

    /// `text` as one RFC 4180 field: quoted (with `"` doubled) when it holds a comma, quote, CR or LF,
    /// or when it is empty (so an empty string differs from a null).
    static func escaped(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let needsQuotes = utf8.isEmpty || utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return utf8 }
        var quoted: [UInt8] = [0x22]
        quoted.reserveCapacity(utf8.count + 2)
        for byte in utf8 {
            quoted.append(byte)
            if byte == 0x22 { quoted.append(0x22) }
        }
        quoted.append(0x22)
        return quoted
    }
}
