/// Finds strings that repeat byte for byte, hashing their UTF-8 bytes with `ByteInterner`: several
/// times faster than a `Set<String>`, whose hashing normalizes Unicode, on the tens of thousands of
/// dictionary entries a sales table holds.
public enum RepeatedBytes {
    /// The first of `strings` whose UTF-8 bytes equal an earlier one's, or nil when all differ.
    public static func first(in strings: [String]) -> String? {
        var interner = ByteInterner(expectedKeys: max(64, strings.count))
        for var text in strings {
            let before = interner.count
            _ = text.withUTF8 { interner.intern($0) }
            if interner.count == before { return text }
        }
        return nil
    }
}
