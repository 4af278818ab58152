@testable import RetailData
import Testing
@testable import RetailExports

/// `RowIndex` (the counting-sort grouping behind distinct counts and modes) against plain
/// dictionary-and-set versions of the same questions, on small hand-made columns and on seeded
/// random ones with nulls.
@Suite struct RowIndexTests {
    @Test func groupsRowsByCodeInRowOrderAndLeavesNullsOut() {
        let index = RowIndex(codes: [2, -1, 0, 2, 2, -1, 0], keyCount: 4)
        #expect(index.offsets == [0, 2, 2, 5, 5])
        #expect(index.rows == [2, 6, 0, 3, 4])
        #expect((0..<4).map(index.rowCount(of:)) == [2, 0, 3, 0])
        #expect(index.rowCount == 7)
    }

    @Test func emptyAndAllNullColumns() {
        let empty = RowIndex(codes: [], keyCount: 0)
        #expect(empty.offsets == [0])
        #expect(empty.rows.isEmpty)
        let nulls = RowIndex(codes: [-1, -1], keyCount: 3)
        #expect(nulls.offsets == [0, 0, 0, 0])
        #expect(nulls.distinctKeyCounts(groups: [0, 1], groupCount: 2) == [0, 0])
        #expect(nulls.modes(of: [0, 1], valueCount: 2, rank: [0, 1]) == [-1, -1, -1])
    }

    @Test func modeTiesGoToTheLowestRank() {
        // Key 0: values 1, 2, 2, 1 (a tie: rank says 2 comes first); key 1: only nulls.
        let index = RowIndex(codes: [0, 0, 0, 1, 0], keyCount: 2)
        let modes = index.modes(of: [1, 2, 2, -1, 1], valueCount: 3, rank: [2, 1, 0])
        #expect(modes == [2, -1])
    }

    @Test(arguments: [1, 7, 42])
    func matchesANaiveCount(seed: UInt64) {
        var random = DeterministicRandom(seed: seed)
        let rows = 5_000
        let keyCount = 300
        let groupCount = 40
        let valueCount = 12
        let codes = (0..<rows).map { _ in random.below(10) == 0 ? Int32(-1) : Int32(random.below(keyCount)) }
        let groups = (0..<rows).map { _ in random.below(8) == 0 ? Int32(-1) : Int32(random.below(groupCount)) }
        let values = (0..<rows).map { _ in random.below(6) == 0 ? Int32(-1) : Int32(random.below(valueCount)) }
        let rank = (0..<valueCount).map { Int32(valueCount - 1 - $0) }
        let index = RowIndex(codes: codes, keyCount: keyCount)

        var keysOfGroup = [Set<Int32>](repeating: [], count: groupCount)
        for row in 0..<rows where codes[row] >= 0 && codes[row] != 5 && groups[row] >= 0 {
            keysOfGroup[Int(groups[row])].insert(codes[row])
        }
        #expect(index.distinctKeyCounts(groups: groups, groupCount: groupCount, skippingKey: 5) == keysOfGroup.map { Int64($0.count) })

        var tallies = [[Int32: Int]](repeating: [:], count: keyCount)
        for row in 0..<rows where codes[row] >= 0 && values[row] >= 0 {
            tallies[Int(codes[row])][values[row], default: 0] += 1
        }
        let expected = tallies.map { tally -> Int32 in
            tally.max { a, b in a.value != b.value ? a.value < b.value : rank[Int(a.key)] > rank[Int(b.key)] }?.key ?? -1
        }
        #expect(index.modes(of: values, valueCount: valueCount, rank: rank) == expected)
    }
}
