/// A page header (Thrift `PageHeader`) for a v1 data page or a dictionary page.
struct PageHeader {
    /// Which kind of page follows and its kind-specific fields.
    enum Kind {
        /// DATA_PAGE with `DataPageHeader`.
        case data(numValues: Int32, encoding: Encoding)
        /// DICTIONARY_PAGE with `DictionaryPageHeader` (PLAIN-encoded entries).
        case dictionary(numValues: Int32)
    }

    var kind: Kind
    /// Size of the page body before compression.
    var uncompressedSize: Int32
    /// Size of the page body as stored.
    var compressedSize: Int32

    /// Serialises the header as a standalone Thrift struct.
    func encoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        switch kind {
        case .data(let numValues, let encoding):
            w.writeI32(1, 0) // DATA_PAGE
            w.writeI32(2, uncompressedSize)
            w.writeI32(3, compressedSize)
            w.writeStruct(5) { d in
                d.writeI32(1, numValues)
                d.writeI32(2, encoding.rawValue)
                d.writeI32(3, Encoding.rle.rawValue) // definition levels
                d.writeI32(4, Encoding.rle.rawValue) // repetition levels
            }
        case .dictionary(let numValues):
            w.writeI32(1, 2) // DICTIONARY_PAGE
            w.writeI32(2, uncompressedSize)
            w.writeI32(3, compressedSize)
            w.writeStruct(7) { d in
                d.writeI32(1, numValues)
                d.writeI32(2, Encoding.plain.rawValue)
            }
        }
        return w.finish()
    }
}
