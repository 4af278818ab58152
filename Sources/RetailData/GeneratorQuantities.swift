/// Quantity distributions and special-row prices of the generated file.
enum GeneratorQuantities {
    private static func table(_ pairs: [(Int, Double)]) -> (values: [Int], table: WeightedTable) {
        (pairs.map(\.0), WeightedTable(pairs.map(\.1)))
    }

    static let customer = table([
        (1, 14), (2, 16), (3, 7), (4, 9), (5, 2), (6, 14), (8, 5), (10, 7), (12, 15), (16, 2), (18, 0.5),
        (20, 2), (24, 5), (25, 1), (30, 0.3), (32, 0.6), (36, 1), (48, 2), (50, 0.3), (60, 0.2), (72, 0.6),
        (96, 0.6), (100, 0.4), (120, 0.15), (144, 0.4), (192, 0.1), (200, 0.15), (288, 0.08), (300, 0.05),
        (480, 0.04), (576, 0.03), (600, 0.02), (1_000, 0.01), (1_200, 0.01),
    ])
    static let guest = table([
        (1, 62), (2, 19), (3, 7), (4, 4), (5, 2), (6, 2), (8, 0.8), (10, 1), (12, 1.2), (24, 0.3),
    ])
    static let cancellation = table([
        (1, 38), (2, 16), (3, 7), (4, 8), (5, 1), (6, 7), (8, 2), (10, 2), (12, 12), (16, 1), (20, 1),
        (24, 4), (36, 0.5), (48, 1), (72, 0.3), (100, 0.3), (144, 0.3),
    ])
    static let adjustment = table([
        (1, 10), (2, 6), (3, 5), (4, 4), (5, 4), (6, 4), (8, 2), (10, 6), (12, 5), (14, 1), (20, 5), (24, 4),
        (30, 2), (40, 2), (48, 2), (50, 3), (60, 1), (100, 3), (120, 1), (144, 1), (200, 2), (300, 1),
        (500, 1), (1_000, 1),
    ])

    static func draw(_ distribution: (values: [Int], table: WeightedTable), _ random: inout DeterministicRandom) -> Int {
        distribution.values[distribution.table.draw(&random)]
    }

    /// Notes that the real file carries instead of a product name on stock adjustments.
    static let adjustmentNotes = [
        "damaged", "check", "?", "damages", "wet damaged", "found", "adjustment", "Given away", "thrown away",
        "mixed up", "counted", "wrongly marked", "sold as set on dotcom", "crushed", "missing", "lost",
        "smashed", "incorrect stock entry.", "Dotcom sales", "faulty",
    ]
    static let zeroPriceNotes = ["found", "check", "amazon", "Amazon sold sets", "dotcom", "Found in w/hse"]

    /// Quantity and price (thousandths) of a special row; `negative` for cancellations.
    static func special(_ special: GeneratorCatalog.Special, negative: Bool,
                        random: inout DeterministicRandom) -> (quantity: Int, price: Int) {
        let sign = negative ? -1 : 1
        func pence(_ low: Int, _ high: Int) -> Int { random.between(low, high) * 10 }
        switch special {
        case .postage:
            let prices = [18_000, 18_000, 18_000, 28_000, 40_000, 15_000]
            let quantity = negative ? 1 : [1, 1, 2, 2, 3, 4, 5][random.below(7)]
            return (sign * quantity, prices[random.below(prices.count)])
        case .discount: return (-1, pence(500, 15_000))
        case .manual:
            let u = random.unit()
            return (sign * 1, 190 + Int(u * u * u * 300_000) / 10 * 10)
        case .carriage: return (sign * 1, 50_000)
        case .dotcomPostage:
            let u = random.unit()
            return (1, 10_000 + Int(u * u * 1_500_000) / 10 * 10)
        case .bankCharges: return (sign * 1, 15_000)
        case .amazonFee: return (-1, pence(100_000, 1_700_000))
        case .cruk: return (-1, pence(100, 90_000))
        case .pads: return (sign * 1, 1)
        case .samples: return (sign * 1, pence(100, 30_000))
        case .badDebt: return (1, OnlineRetailReference.badDebtAmount)
        }
    }
}
