/// Integer keys for the values of a dictionary column that occur in the data: 1, 2, 3, ... in
/// UTF-8 byte order of the value, so the keys depend only on the set of values, not on row order.
struct SurrogateKeys: Sendable {
    /// Key per dictionary code; 0 for a code that is not keyed.
    let keyOfCode: [Int32]
    /// Dictionary codes in key order: `codes[k - 1]` has key k.
    let codes: [Int]

    /// - Parameters:
    ///   - present: whether a dictionary code occurs in the data.
    ///   - rank: UTF-8 byte order rank of each dictionary code.
    ///   - excluding: a code that gets no key of its own (maps to 0).
    init(codeCount: Int, rank: [Int32], excluding: Int32? = nil, present: (Int) -> Bool) {
        codes = (0..<codeCount)
            .filter { Int32($0) != excluding && present($0) }
            .sorted { rank[$0] < rank[$1] }
        var keys = [Int32](repeating: 0, count: codeCount)
        for (position, code) in codes.enumerated() { keys[code] = Int32(position + 1) }
        keyOfCode = keys
    }
}
