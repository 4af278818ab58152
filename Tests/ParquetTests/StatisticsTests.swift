import Testing
@testable import Parquet

@Suite("Statistics")
struct StatisticsTests {
    private func le<T: BitwiseCopyable>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }

    @Test func integersUseSignedOrder() {
        let stats = StatisticsBuilder.integers([5, -3, Int64.max, 0, Int64.min + 1][...], nullCount: 2)
        #expect(stats.minValue == le(Int64.min + 1))
        #expect(stats.maxValue == le(Int64.max))
        #expect(stats.nullCount == 2)
        let small = StatisticsBuilder.integers([Int32(-1), 7][...], nullCount: 0)
        #expect(small.minValue == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(small.maxValue == [7, 0, 0, 0])
    }

    @Test func allNullChunkHasNoMinMax() {
        let stats = StatisticsBuilder.integers([Int64]()[...], nullCount: 4)
        #expect(stats.minValue == nil && stats.maxValue == nil && stats.nullCount == 4)
        let strings = StatisticsBuilder.strings([String](), nullCount: 3)
        #expect(strings.minValue == nil && strings.nullCount == 3)
    }

    @Test func doublesSkipNaNAndNormaliseZero() {
        let stats = StatisticsBuilder.doubles([.nan, 0.0, 2.5, .nan][...], nullCount: 1)
        #expect(stats.minValue == le(-0.0))
        #expect(stats.maxValue == le(2.5))
        #expect(stats.nanCount == 2)
        let negZero = StatisticsBuilder.doubles([-0.0, -1.0][...], nullCount: 0)
        #expect(negZero.maxValue == le(0.0))
        let onlyNaN = StatisticsBuilder.doubles([.nan][...], nullCount: 0)
        #expect(onlyNaN.minValue == nil && onlyNaN.nanCount == 1)
    }

    @Test func stringsCompareAsUnsignedBytes() {
        // "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9) < "日" (0xE6); "é" < "ê" by bytes too.
        let stats = StatisticsBuilder.strings(["é", "a", "日本", "Z", "ê", "ab"], nullCount: 0)
        #expect(stats.minValue == Array("Z".utf8))
        #expect(stats.maxValue == Array("日本".utf8))
        #expect(StatisticsBuilder.precedes("a", "ab"))
        #expect(!StatisticsBuilder.precedes("ab", "a"))
        #expect(StatisticsBuilder.precedes("", "a"))
        // Unicode-aware String comparison would treat these as equal; bytes differ.
        #expect(StatisticsBuilder.precedes("e\u{301}", "\u{e9}"))
    }

    @Test func dictionaryChunkStatisticsCoverOnlyUsedEntries() throws {
        let column = ParquetColumn(name: "city", type: .string, nullable: true,
                                   values: .dictionary(dictionary: ["Zurich", "Aarau", "Bern", "Chur"],
                                                       codes: [2, -1, 3, 1, 2, 0]))
        let options = ChunkOptions(codec: .uncompressed, pageSizeBytes: 1 << 20, dictionaryPageLimitBytes: 1 << 20)
        let (chunk, bytes) = try encodeChunkAlone(column, selection: .indices([0, 1, 2, 4][...]), options: options)
        #expect(chunk.statistics.minValue == Array("Bern".utf8))
        #expect(chunk.statistics.maxValue == Array("Chur".utf8))
        #expect(chunk.statistics.nullCount == 1)
        #expect(chunk.numValues == 4)
        #expect(chunk.encodings.contains(.rleDictionary))
        // Dictionary page body: only "Bern" and "Chur", in first-use order.
        let dictionaryBody: [UInt8] = [4, 0, 0, 0] + Array("Bern".utf8) + [4, 0, 0, 0] + Array("Chur".utf8)
        let header = PageHeader(kind: .dictionary(numValues: 2), uncompressedSize: Int32(dictionaryBody.count),
                                compressedSize: Int32(dictionaryBody.count)).encoded()
        #expect(Array(bytes.prefix(header.count + dictionaryBody.count)) == header + dictionaryBody)
        #expect(chunk.dictionaryPageLength == header.count + dictionaryBody.count)
        #expect(chunk.pageCount == 2)
    }

    @Test func decimalAndTimestampStatisticsAreSigned() throws {
        let options = ChunkOptions(codec: .snappy, pageSizeBytes: 1 << 20, dictionaryPageLimitBytes: 1 << 20)
        let column = ParquetColumn(name: "amount", type: .decimal(precision: 10, scale: 2), nullable: true,
                                   values: .int64([1_050, -99, 0, 7]), validity: [true, true, false, true])
        let chunk = try encodeChunkAlone(column, selection: .range(0..<4), options: options).chunk
        #expect(chunk.statistics.minValue == le(Int64(-99)))
        #expect(chunk.statistics.maxValue == le(Int64(1_050)))
        #expect(chunk.statistics.nullCount == 1)
    }
}
