import Testing
@testable import Parquet

@Suite("Pages and row groups")
struct ChunkLayoutTests {
    @Test("page count follows the page size", arguments: [
        (ParquetCodec.uncompressed, 8_000, 1),
        (.snappy, 800, 10),
        (.gzip, 8, 1_000),
    ])
    func pagesPerChunk(codec: ParquetCodec, pageSize: Int, expectedPages: Int) throws {
        let column = ParquetColumn(name: "n", type: .int64, values: .int64((0..<1_000).map(Int64.init)))
        let options = ChunkOptions(codec: codec, pageSizeBytes: pageSize, dictionaryPageLimitBytes: 1 << 20)
        let (chunk, bytes) = try encodeChunkAlone(column, selection: .range(0..<1_000), options: options)
        #expect(chunk.pageCount == expectedPages)
        #expect(chunk.byteCount == bytes.count)
        #expect(chunk.totalUncompressed >= Int64(8_000))
        #expect(chunk.dictionaryPageLength == nil)
    }

    @Test func dictionaryFallsBackToPlainWhenTooLarge() throws {
        let strings: [String?] = (0..<500).map { "value-\($0)" }
        let column = ParquetColumn(name: "s", type: .string, values: .strings(strings))
        let small = ChunkOptions(codec: .snappy, pageSizeBytes: 1 << 20, dictionaryPageLimitBytes: 100)
        let plain = try encodeChunkAlone(column, selection: .range(0..<500), options: small).chunk
        #expect(!plain.encodings.contains(.rleDictionary))
        #expect(plain.dictionaryPageLength == nil)
        let large = ChunkOptions(codec: .snappy, pageSizeBytes: 1 << 20, dictionaryPageLimitBytes: 1 << 20)
        let dictionary = try encodeChunkAlone(column, selection: .range(0..<500), options: large).chunk
        #expect(dictionary.encodings.contains(.rleDictionary))
        #expect(dictionary.pageCount == 2)
        #expect((dictionary.dictionaryPageLength ?? 0) > 500 * 4)
    }

    @Test func rowGroupsSplitRowsAndSubsets() {
        let groups = RowSelection.rowGroups(total: 10, rows: nil, size: 4).map(\.count)
        #expect(groups == [4, 4, 2])
        let subset = RowSelection.rowGroups(total: 3, rows: [9, 1, 5], size: 2)
        #expect(subset.map { $0.gather(Array(0..<10)) } == [[9, 1], [5]])
    }

    @Test func fileHasMagicAndFooterLength() throws {
        let bytes = try ParquetWriter().encode(columns: [
            ParquetColumn(name: "a", type: .int32, values: .int32([1, 2, 3])),
        ])
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let n = bytes.count
        let footerLength = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        #expect(footerLength > 0 && footerLength < n - 12)
        #expect(bytes[n - 9] == 0) // footer ends with the STOP of FileMetaData
    }
}
