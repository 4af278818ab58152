/// Turns the fuzzer's bytes into choices: each read takes the next bytes, and an exhausted input
/// reads as zeros, so every input describes some file.
struct ByteSource {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isExhausted: Bool { position >= bytes.count }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func int64() -> Int64 {
        (0..<8).reduce(Int64(0)) { value, shift in value | Int64(byte()) << Int64(8 * shift) }
    }

    mutating func below(_ bound: Int) -> Int { Int(byte()) % bound }

    /// Up to 40 bytes, decoded as UTF-8 (invalid bytes become U+FFFD).
    mutating func text() -> String {
        let count = below(41)
        return String(decoding: (0..<count).map { _ in byte() }, as: UTF8.self)
    }
}
