import Testing
@testable import Parquet

@Suite("Thrift compact protocol")
struct ThriftCompactWriterTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]),
        (1, [0x01]),
        (127, [0x7F]),
        (128, [0x80, 0x01]),
        (300, [0xAC, 0x02]),
        (16_384, [0x80, 0x80, 0x01]),
        (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    ]

    @Test("varints", arguments: varints)
    func varint(value: UInt64, expected: [UInt8]) {
        var w = ThriftCompactWriter()
        w.writeVarint(value)
        #expect(w.bytes == expected)
    }

    static let zigzags: [(Int64, UInt64)] = [
        (0, 0), (-1, 1), (1, 2), (-2, 3), (2, 4),
        (Int64(Int32.max), 4_294_967_294), (Int64(Int32.min), 4_294_967_295),
        (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max),
    ]

    @Test("zigzag", arguments: zigzags)
    func zigzag(value: Int64, expected: UInt64) {
        #expect(ThriftCompactWriter.zigzag(value) == expected)
    }

    @Test func shortAndLongFieldHeaders() {
        var w = ThriftCompactWriter()
        w.writeI32(1, 5)      // delta 1, type i32: 0x15, zigzag(5) = 10
        w.writeI32(3, -1)     // delta 2: 0x25, zigzag(-1) = 1
        w.writeI64(20, 1)     // delta 17 > 15: long form 0x06, zigzag(20) = 40
        w.writeI64(21, -300)  // delta 1: 0x16, zigzag(-300) = 599 = 0xD7 0x04
        #expect(w.finish() == [0x15, 0x0A, 0x25, 0x01, 0x06, 0x28, 0x02, 0x16, 0xD7, 0x04, 0x00])
    }

    @Test func boolsLiveInTheTypeNibble() {
        var w = ThriftCompactWriter()
        w.writeBool(1, true)
        w.writeBool(2, false)
        #expect(w.finish() == [0x11, 0x12, 0x00])
    }

    @Test func binaryAndStrings() {
        var w = ThriftCompactWriter()
        w.writeString(4, "ab")
        w.writeBinary(5, [])
        #expect(w.finish() == [0x48, 0x02, 0x61, 0x62, 0x18, 0x00, 0x00])
    }

    @Test func listHeaders() {
        var w = ThriftCompactWriter()
        w.writeI32List(1, [1, 2, 3])
        #expect(w.bytes == [0x19, 0x35, 0x02, 0x04, 0x06])
        var long = ThriftCompactWriter()
        long.writeStringList(1, Array(repeating: "", count: 15))
        #expect(Array(long.bytes.prefix(3)) == [0x19, 0xF8, 0x0F])
    }

    @Test func nestedStructsRestoreFieldIds() {
        var w = ThriftCompactWriter()
        w.writeStruct(1) { $0.writeI32(1, 1) }
        w.writeI32(2, 2)
        w.writeEmptyStruct(3)
        #expect(w.finish() == [0x1C, 0x15, 0x02, 0x00, 0x15, 0x04, 0x1C, 0x00, 0x00])
    }

    @Test func dataPageHeaderBytes() {
        let header = PageHeader(kind: .data(numValues: 3, encoding: .plain),
                                uncompressedSize: 10, compressedSize: 8).encoded()
        #expect(header == [0x15, 0x00, 0x15, 0x14, 0x15, 0x10,
                           0x2C, 0x15, 0x06, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00,
                           0x00])
    }

    @Test func dictionaryPageHeaderBytes() {
        let header = PageHeader(kind: .dictionary(numValues: 2), uncompressedSize: 1, compressedSize: 1).encoded()
        // type 2 (zigzag 4), sizes 1 (zigzag 2), field 7 = delta 4 struct, num_values 2, PLAIN.
        #expect(header == [0x15, 0x04, 0x15, 0x02, 0x15, 0x02, 0x4C, 0x15, 0x04, 0x15, 0x00, 0x00, 0x00])
    }

    @Test func timestampLogicalType() {
        var w = ThriftCompactWriter()
        LogicalTypeAnnotation.timestampMicros(adjustedToUTC: false).write(to: &w)
        // field 8 struct { 1: false, 2: struct { 2: struct {} } }
        #expect(w.finish() == [0x8C, 0x12, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00])
    }
}
