/// Byte-level text helpers: ASCII checks, UTF-8 validation and decoding to `String`.
public enum TextDecoding {
    /// True when any byte is above 0x7F (checked eight bytes at a time).
    static func hasNonASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return false }
        var i = 0
        while i + 8 <= count {
            if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < count {
            if base.load(fromByteOffset: i, as: UInt8.self) & 0x80 != 0 { return true }
            i += 1
        }
        return false
    }

    /// Strict UTF-8 validation: no overlong forms, no surrogates, nothing above U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            func continuation(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
            if b0 >= 0xC2 && b0 <= 0xDF {
                guard continuation(1) else { return false }
                i += 2
            } else if b0 >= 0xE0 && b0 <= 0xEF {
                guard continuation(1), continuation(2) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }   // overlong
                if b0 == 0xED && b1 > 0x9F { return false }   // surrogate
                i += 3
            } else if b0 >= 0xF0 && b0 <= 0xF4 {
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }   // overlong
                if b0 == 0xF4 && b1 > 0x8F { return false }   // above U+10FFFF
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// The string for `bytes` read in `encoding`; invalid UTF-8 is decoded as Latin-1 so no byte is lost.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, encoding: DetectedEncoding) -> String {
        if !hasNonASCII(UnsafeRawBufferPointer(bytes)) || (encoding == .utf8 && isValidUTF8(bytes)) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return latin1String(bytes)
    }

    static func string(_ bytes: [UInt8], encoding: DetectedEncoding) -> String {
        bytes.withUnsafeBufferPointer { string($0, encoding: encoding) }
    }

    /// Latin-1 (ISO-8859-1) decoding: byte value = code point.
    /// UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (the Online Retail file's own encoding).
    public static func utf8OrLatin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : latin1String(bytes)
    }

    static func latin1String(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var extra = 0
        for byte in bytes where byte >= 0x80 { extra += 1 }
        return String(unsafeUninitializedCapacity: bytes.count + extra) { out in
            var j = 0
            for byte in bytes {
                if byte < 0x80 {
                    out[j] = byte
                    j += 1
                } else {
                    out[j] = 0xC0 | (byte >> 6)
                    out[j + 1] = 0x80 | (byte & 0x3F)
                    j += 2
                }
            }
            return j
        }
    }
}
