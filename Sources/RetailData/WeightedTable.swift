/// Draws an index with probability proportional to fixed weights (cumulative table + binary search).
struct WeightedTable: Sendable {
    private var cumulative: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { weight in
            total += max(0, weight)
            return total
        }
    }

    var count: Int { cumulative.count }

    /// The index for a uniform draw in `[0, 1)`.
    func index(for u: Double) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let target = u * total
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }

    func draw(_ random: inout DeterministicRandom) -> Int {
        index(for: random.unit())
    }
}
