import CZlib
import Testing
@testable import Parquet

@Suite("Snappy and gzip")
struct CompressionTests {
    /// Inputs of different character, sizes around the block boundaries.
    static let inputs: [(String, [UInt8])] = {
        var rng = SplitMix(state: 7)
        let random = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 3_000).utf8)
        var mixed: [UInt8] = []
        while mixed.count < 150_000 {
            if Bool.random(using: &rng) {
                mixed.append(contentsOf: (0..<Int.random(in: 1...90, using: &rng)).map { _ in UInt8.random(in: 0...3, using: &rng) })
            } else if mixed.count > 5_000 {
                let from = Int.random(in: 0..<(mixed.count - 4_000), using: &rng)
                mixed.append(contentsOf: mixed[from..<(from + Int.random(in: 4...300, using: &rng))])
            }
        }
        let int64s = (0..<20_000).flatMap { withUnsafeBytes(of: Int64($0) * 1_000_003) { Array($0) } }
        var cases: [(String, [UInt8])] = [
            ("empty", []), ("one byte", [42]), ("zeros 15", Array(repeating: 0, count: 15)),
            ("zeros 16", Array(repeating: 0, count: 16)), ("zeros 17", Array(repeating: 0, count: 17)),
            ("zeros 1 MiB", Array(repeating: 0, count: 1 << 20)),
            ("random", random), ("text", text), ("mixed", mixed), ("int64 sequence", int64s),
        ]
        for size in [65_535, 65_536, 65_537, 131_073] {
            cases.append(("text \(size)", Array(text.prefix(size))))
            cases.append(("random \(size)", Array(random.prefix(size))))
        }
        return cases
    }()

    @Test("snappy round trip", arguments: inputs.map(\.0))
    func snappyRoundTrip(name: String) throws {
        let input = try #require(Self.inputs.first { $0.0 == name }?.1)
        let compressed = SnappyCompressor.compress(input)
        #expect(compressed.count <= SnappyCompressor.maxCompressedLength(input.count))
        #expect(try SnappyTestDecompressor.decompress(compressed) == input)
    }

    @Test func snappyShrinksRepetitiveData() {
        let text = Array(String(repeating: "abcdefgh", count: 10_000).utf8)
        #expect(SnappyCompressor.compress(text).count < text.count / 10)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        #expect(SnappyCompressor.compress(zeros).count < 60_000)
    }

    @Test func snappyTinyInputsAreOneLiteral() {
        #expect(SnappyCompressor.compress([]) == [0x00])
        #expect(SnappyCompressor.compress([0x61]) == [0x01, 0x00, 0x61])
        #expect(SnappyCompressor.compress(Array(repeating: 0x62, count: 3)) == [0x03, 0x08, 0x62, 0x62, 0x62])
    }

    @Test func gzipIsAGzipStreamThatInflates() throws {
        let input = Array(String(repeating: "parquet gzip ", count: 1_000).utf8)
        let compressed = try GzipCompressor.compress(input)
        #expect(Array(compressed.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(compressed.count < input.count)
        #expect(try inflate(compressed, expectedSize: input.count) == input)
        #expect(Array(try GzipCompressor.compress([]).prefix(2)) == [0x1F, 0x8B])
    }

    /// Decompresses a gzip stream with zlib.
    private func inflate(_ input: [UInt8], expectedSize: Int) throws -> [UInt8] {
        var stream = z_stream()
        #expect(inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var source = input
        var output = [UInt8](repeating: 0, count: expectedSize + 16)
        let status: Int32 = source.withUnsafeMutableBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                stream.next_in = src.baseAddress
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        #expect(status == Z_STREAM_END)
        return Array(output.prefix(Int(stream.total_out)))
    }
}
