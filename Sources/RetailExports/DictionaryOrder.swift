/// Orders dictionary codes by their strings' UTF-8 bytes (the order of DuckDB, Spark and Python
/// `str` comparisons), independent of locale and of Swift's Unicode-aware `<`.
enum DictionaryOrder {
    /// `rank[code]` is the position of `dictionary[code]` in byte order (entries must be distinct).
    static func ranks(of dictionary: [String]) -> [Int32] {
        let order = sortedCodes(of: dictionary)
        var rank = [Int32](repeating: 0, count: dictionary.count)
        for (position, code) in order.enumerated() { rank[Int(code)] = Int32(position) }
        return rank
    }

    /// All codes of `dictionary`, sorted by their strings' UTF-8 bytes.
    static func sortedCodes(of dictionary: [String]) -> [Int32] {
        let bytes = dictionary.map { Array($0.utf8) }
        return (0..<Int32(dictionary.count)).sorted { bytes[Int($0)].lexicographicallyPrecedes(bytes[Int($1)]) }
    }
}
