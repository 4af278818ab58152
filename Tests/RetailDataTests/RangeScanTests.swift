import Testing
@testable import RetailData

/// The column checks that validate tables: the first offender is found wherever it is, and
/// repeated dictionary entries are told apart by their bytes, not by Unicode equivalence.
@Suite struct RangeScanTests {
    @Test func findsTheFirstValueOutsideTheRangeWhereverItIs() {
        let range: ClosedRange<Int64> = -5...5
        #expect(RangeScan.firstIndex(in: [Int64](), outside: range) == nil)
        #expect(RangeScan.firstIndex(in: [-5, 0, 5, 3] as [Int64], outside: range) == nil)
        #expect(RangeScan.firstIndex(in: [-6, 0, 9] as [Int64], outside: range) == 0)
        #expect(RangeScan.firstIndex(in: [0, 1, 2, 6] as [Int64], outside: range) == 3)
        #expect(RangeScan.firstIndex(in: [0, .max, .min] as [Int64], outside: range) == 1)
        #expect(RangeScan.firstIndex(in: [Int64](repeating: 1, count: 10_000) + [.min], outside: range) == 10_000)
        #expect(RangeScan.firstIndex(in: [-1, -1, 0] as [Int32], outside: -1...(-1)) == 2)
        #expect(RangeScan.firstIndex(in: [Int64.min, .max], outside: Int64.min...Int64.max) == nil)
    }

    @Test func repeatedEntriesAreFoundByTheirBytes() {
        #expect(RepeatedBytes.first(in: []) == nil)
        #expect(RepeatedBytes.first(in: ["536365", "536366", "C536379"]) == nil)
        #expect(RepeatedBytes.first(in: ["b", "a", "c", "a", "b"]) == "a")
        #expect(RepeatedBytes.first(in: ["", "x", ""]) == "")
        // "é" composed and decomposed: equal as Swift strings, different bytes, so both may stay.
        #expect(RepeatedBytes.first(in: ["caf\u{E9}", "cafe\u{301}"]) == nil)
        let many = (0..<50_000).map { "entry \($0)" }
        #expect(RepeatedBytes.first(in: many) == nil)
        #expect(RepeatedBytes.first(in: many + ["entry 123"]) == "entry 123")
    }
}
