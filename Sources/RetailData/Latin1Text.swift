/// Encoding helpers for the generator's Latin-1 output.
enum Latin1Text {
    /// Latin-1 bytes of `text`; characters outside Latin-1 become `?`.
    static func bytes(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") }
    }

    /// Latin-1 bytes of `text` as one RFC 4180 field: quoted, with doubled quotes, only when needed.
    static func csvField(_ text: String) -> [UInt8] {
        let raw = bytes(text)
        let needsQuotes = raw.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return raw }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for byte in raw {
            quoted.append(byte)
            if byte == UInt8(ascii: "\"") { quoted.append(byte) }
        }
        quoted.append(UInt8(ascii: "\""))
        return quoted
    }
}
