import Testing
@testable import RetailExports

@Suite struct NTileTests {
    @Test(arguments: [
        (1, [1]), (3, [1, 1, 1]), (5, [1, 1, 1, 1, 1]), (6, [2, 1, 1, 1, 1]), (7, [2, 2, 1, 1, 1]),
        (9, [2, 2, 2, 2, 1]), (10, [2, 2, 2, 2, 2]), (13, [3, 3, 3, 2, 2]), (4_339, [868, 868, 868, 868, 867]),
    ])
    func bucketSizes(count: Int, sizes: [Int]) {
        var seen = [Int](repeating: 0, count: 5)
        var previous = 1
        for position in 0..<count {
            let bucket = NTile.bucket(position: position, count: count, buckets: 5)
            #expect(bucket >= previous)
            previous = bucket
            seen[bucket - 1] += 1
        }
        #expect(Array(seen.prefix(sizes.count)) == sizes)
        #expect(seen.dropFirst(sizes.count).allSatisfy { $0 == 0 })
    }

    @Test func bucketsAreIndexedByRow() {
        // Rows 2, 0, 1 in that order over 3 buckets.
        #expect(NTile.buckets(order: [2, 0, 1], buckets: 3) == [2, 3, 1])
    }
}
