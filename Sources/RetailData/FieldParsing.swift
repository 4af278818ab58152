/// Byte-level parsing of the raw Online Retail field values.
enum FieldParsing {
    /// `bytes` without leading and trailing ASCII blanks (space, tab, CR, LF).
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = bytes.count
        while lower < upper && isBlank(bytes[lower]) { lower += 1 }
        while upper > lower && isBlank(bytes[upper - 1]) { upper -= 1 }
        if lower == 0 && upper == bytes.count { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 13 || byte == 10
    }

    /// An integer quantity: optional sign, digits, and optionally `.` followed by zeros only (`6.0`).
    /// Any number of digits is read without overflow; a magnitude above `SalesLimits.maxQuantity`
    /// is `.outOfRange`.
    static func quantity(_ raw: UnsafeBufferPointer<UInt8>) -> ParsedField<Int64> {
        let text = trimmed(raw)
        var i = 0
        var negative = false
        if i < text.count && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+")) {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var value: Int64 = 0
        var digits = 0
        var tooLarge = false
        while i < text.count && text[i] >= 48 && text[i] <= 57 {
            if !tooLarge {
                // value stays <= maxQuantity (< Int64.max / 10) while read, so this cannot overflow.
                value = value * 10 + Int64(text[i] - 48)
                tooLarge = value > SalesLimits.maxQuantity
            }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return .invalid }
        if i < text.count && text[i] == UInt8(ascii: ".") {
            i += 1
            while i < text.count && text[i] == UInt8(ascii: "0") { i += 1 }
        }
        guard i == text.count else { return .invalid }
        if tooLarge { return .outOfRange }
        return .value(negative ? -value : value)
    }

    /// A price through `Money.parseDetailed` (blanks around it ignored).
    static func price(_ raw: UnsafeBufferPointer<UInt8>) -> Money.ParseResult {
        let text = trimmed(raw)
        if text.contains(where: { $0 >= 0x80 }) { return .invalid }
        return Money.parseDetailed(Substring(String(decoding: text, as: UTF8.self)))
    }

    /// The customer id as stored: trimmed, `17850.0` → `17850`, empty → `Unknown`.
    static func customerBytes(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let text = trimmed(raw)
        if text.isEmpty { return Array(SalesTable.unknownCustomer.utf8) }
        if let point = text.firstIndex(of: UInt8(ascii: ".")), point > 0,
           text[..<point].allSatisfy({ $0 >= 48 && $0 <= 57 }),
           text[(point + 1)...].allSatisfy({ $0 == UInt8(ascii: "0") }) {
            return Array(text[..<point])
        }
        return Array(text)
    }

    /// What kind of invoice the number marks: 1 = cancellation (`C`), 2 = bad debt (`A`), 0 = other.
    static func invoiceKind(_ raw: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let text = trimmed(raw)
        guard let first = text.first else { return 0 }
        switch first {
        case UInt8(ascii: "C"), UInt8(ascii: "c"): return 1
        case UInt8(ascii: "A"), UInt8(ascii: "a"): return 2
        default: return 0
        }
    }
}
