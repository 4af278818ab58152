import Testing
@testable import Parquet

@Suite("RLE / bit-packing hybrid")
struct RLEHybridEncoderTests {
    private func encode(_ values: [UInt32], width: Int) -> [UInt8] {
        var out: [UInt8] = []
        RLEHybridEncoder.encode(values, bitWidth: width, into: &out)
        return out
    }

    @Test func longRunBecomesRLE() {
        #expect(encode(Array(repeating: 1, count: 8), width: 1) == [0x10, 0x01])
        #expect(encode(Array(repeating: 300, count: 100), width: 9) == [0xC8, 0x01, 0x2C, 0x01])
    }

    @Test func alternatingValuesAreBitPacked() {
        #expect(encode([0, 1, 0, 1, 0, 1, 0, 1], width: 1) == [0x03, 0xAA])
    }

    @Test func specExampleZeroToSevenWidthThree() {
        #expect(encode([0, 1, 2, 3, 4, 5, 6, 7], width: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test func partialGroupIsPaddedWithZeros() {
        #expect(encode([1, 2, 3], width: 2) == [0x03, 0x39, 0x00])
    }

    @Test func literalsBorrowFromAFollowingRun() {
        // 1,2,3 then twenty 7s: one group [1,2,3,7,7,7,7,7] bit-packed, then 15 x 7 as RLE.
        let bytes = encode([1, 2, 3] + Array(repeating: 7, count: 20), width: 3)
        #expect(bytes == [0x03, 0xD1, 0xFE, 0xFF, 0x1E, 0x07])
    }

    @Test("bit widths", arguments: [1, 2, 3, 5, 8, 12, 13, 16, 20, 31, 32])
    func bitWidthForMax(width: Int) {
        let maxValue = width == 1 ? 1 : (1 << (width - 1))
        #expect(RLEHybridEncoder.bitWidth(forMax: maxValue) == width)
        #expect(RLEHybridEncoder.bitWidth(forMax: 0) == 1)
    }

    @Test("round trips", arguments: [1, 2, 3, 7, 8, 12, 17, 24, 32])
    func roundTrip(width: Int) {
        var rng = SplitMix(state: UInt64(width))
        let maxValue = width == 32 ? UInt32.max : (UInt32(1) << UInt32(width)) - 1
        var values: [UInt32] = []
        while values.count < 5_000 {
            let v = UInt32.random(in: 0...maxValue, using: &rng)
            let repeats = Bool.random(using: &rng) ? Int.random(in: 1...40, using: &rng) : 1
            values.append(contentsOf: repeatElement(v, count: repeats))
        }
        for count in [0, 1, 7, 8, 9, 503, 504, 505, values.count] {
            let slice = Array(values.prefix(count))
            let bytes = encode(slice, width: width)
            #expect(RLEHybridTestDecoder.decode(bytes, bitWidth: width, count: count) == slice)
            #expect(bytes.count <= RLEHybridEncoder.maxEncodedLength(count: count, bitWidth: width))
        }
    }
}
