/// SQL `ntile(n)` bucket numbers.
public enum NTile {
    /// The 1-based bucket of the row at 0-based `position` among `count` ordered rows split into
    /// `buckets` buckets, as SQL `ntile` assigns it: each bucket gets `count / buckets` rows and the
    /// first `count % buckets` buckets one more.
    public static func bucket(position: Int, count: Int, buckets: Int) -> Int {
        precondition(buckets > 0 && position >= 0 && position < count, "ntile position \(position) of \(count)")
        let small = count / buckets
        let large = small + 1
        let largeBuckets = count % buckets
        let rowsInLarge = largeBuckets * large
        if position < rowsInLarge { return position / large + 1 }
        return largeBuckets + (position - rowsInLarge) / small + 1
    }

    /// Buckets for `count` rows taken in `order` (`order[k]` is the row at position k):
    /// the result is indexed by row.
    public static func buckets(order: [Int], buckets: Int) -> [Int32] {
        var result = [Int32](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() {
            result[row] = Int32(bucket(position: position, count: order.count, buckets: buckets))
        }
        return result
    }
}
