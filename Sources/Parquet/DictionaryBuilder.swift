/// Turns the selected rows of a string column into a chunk-local dictionary
/// and one code per row (-1 for null).
///
/// Returns `nil` when the dictionary would exceed `limitBytes` (PLAIN-encoded),
/// in which case the caller falls back to PLAIN pages.
enum DictionaryBuilder {
    /// A chunk-local dictionary: only entries used by the chunk, in first-use order.
    struct Result {
        var dictionary: [String]
        var codes: [Int32]
        var nullCount: Int
    }

    /// Re-codes a caller-supplied dictionary column, keeping only used entries.
    static func remap(dictionary: [String], codes: [Int32], validity: [Bool]?, nullable: Bool,
                      column: String, selection: RowSelection, limitBytes: Int) throws -> Result? {
        var remap = [Int32](repeating: -1, count: dictionary.count)
        var used: [String] = []
        var usedBytes = 0
        var out = [Int32](repeating: -1, count: selection.count)
        var nulls = 0
        var tooBig = false
        try out.withUnsafeMutableBufferPointer { out in
            try remap.withUnsafeMutableBufferPointer { remap in
                try codes.withUnsafeBufferPointer { codes in
                    try selection.forEach { position, row in
                        let code = codes[row]
                        if code < 0 || validity?[row] == false {
                            guard code >= -1 else {
                                throw ParquetError.dictionaryCodeOutOfRange(
                                    column: column, row: row, code: code, dictionarySize: dictionary.count)
                            }
                            guard nullable else { throw ParquetError.nullInRequiredColumn(column: column, row: row) }
                            nulls &+= 1
                            return
                        }
                        guard Int(code) < remap.count else {
                            throw ParquetError.dictionaryCodeOutOfRange(
                                column: column, row: row, code: code, dictionarySize: dictionary.count)
                        }
                        var mapped = remap[Int(code)]
                        if mapped < 0 {
                            mapped = Int32(used.count)
                            remap[Int(code)] = mapped
                            let entry = dictionary[Int(code)]
                            used.append(entry)
                            usedBytes += 4 + entry.utf8.count
                            if usedBytes > limitBytes { tooBig = true }
                        }
                        out[position] = mapped
                    }
                }
            }
        }
        return tooBig ? nil : Result(dictionary: used, codes: out, nullCount: nulls)
    }

    /// Builds a dictionary from plain optional strings by hashing.
    static func build(strings: [String?], validity: [Bool]?, nullable: Bool, column: String,
                      selection: RowSelection, limitBytes: Int) throws -> Result? {
        var index: [String: Int32] = [:]
        var used: [String] = []
        var usedBytes = 0
        var out = [Int32](repeating: -1, count: selection.count)
        var nulls = 0
        var tooBig = false
        try out.withUnsafeMutableBufferPointer { out in
            try selection.forEach { position, row in
                guard !tooBig else { return }
                guard let s = strings[row], validity?[row] != false else {
                    guard nullable else { throw ParquetError.nullInRequiredColumn(column: column, row: row) }
                    nulls &+= 1
                    return
                }
                if let code = index[s] {
                    out[position] = code
                    return
                }
                let code = Int32(used.count)
                index[s] = code
                used.append(s)
                usedBytes += 4 + s.utf8.count
                if usedBytes > limitBytes { tooBig = true }
                out[position] = code
            }
        }
        return tooBig ? nil : Result(dictionary: used, codes: out, nullCount: nulls)
    }
}
