/// Rows per invoice, special rows, free items, duplicates, null descriptions and product coverage.
extension GeneratorPlan {
    // MARK: Sizes

    mutating func assignSizes(random: inout DeterministicRandom) {
        func apply(_ kind: Kind, total: Int, minimum: Int, cap: Int) {
            let indices = invoices.indices.filter { invoices[$0].kind == kind }
            let sizes = GeneratorPlan.allocate(total: total, count: indices.count, minimum: minimum,
                                               cap: cap, random: &random)
            for (slot, index) in indices.enumerated() { invoices[index].size = sizes[slot] }
        }
        apply(.customerSale, total: counts.customerRows, minimum: 1, cap: counts.maxInvoiceRows)
        apply(.guestSale, total: counts.guestRows, minimum: 2, cap: counts.maxInvoiceRows)
        apply(.cancellation, total: counts.cancellationRows, minimum: 1, cap: min(120, counts.maxInvoiceRows))
    }

    /// Splits `total` rows over `count` invoices with a heavy-tailed (Pareto, alpha 2) spread.
    static func allocate(total: Int, count: Int, minimum: Int, cap: Int,
                         random: inout DeterministicRandom) -> [Int] {
        guard count > 0 else { return [] }
        let cap = max(cap, minimum, (total + count - 1) / count)
        let spare = max(0, total - count * minimum)
        var weights = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let u = 1.0 - random.unit()               // (0, 1]
            weights[i] = 1.0 / u.squareRoot() - 1.0   // sqrt is correctly rounded: deterministic
        }
        let sum = max(weights.reduce(0, +), .leastNonzeroMagnitude)
        var sizes = weights.map { minimum + Int(Double(spare) * $0 / sum) }
        for i in 0..<count where sizes[i] > cap { sizes[i] = cap }
        // Rows lost to rounding and to the cap go one at a time to random invoices with room.
        var missing = total - sizes.reduce(0, +)
        var attempts = 0
        while missing > 0 && attempts < 64 * count {
            let i = random.below(count)
            if sizes[i] < cap { sizes[i] += 1; missing -= 1 }
            attempts += 1
        }
        var i = 0
        while missing > 0 && i < count {
            let add = min(missing, cap - sizes[i])
            sizes[i] += add
            missing -= add
            i += 1
        }
        return sizes
    }

    // MARK: Special rows, free items, duplicates

    mutating func assignSpecials(random: inout DeterministicRandom) {
        let eire = OnlineRetailReference.countries.firstIndex { $0.name == "EIRE" } ?? 0
        let customerSales = invoices.indices.filter { invoices[$0].kind == .customerSale }
        let cancellations = invoices.indices.filter { invoices[$0].kind == .cancellation }
        for (special, quota) in counts.specialsCustomer {
            let preferred: (Invoice) -> Bool
            switch special {
            case .postage: preferred = { $0.country != 0 }
            case .carriage: preferred = { $0.country == eire || $0.country == 0 }
            default: preferred = { _ in true }
            }
            place(special, quota: quota, among: customerSales, preferred: preferred, random: &random)
        }
        for (special, quota) in counts.specialsCancellation {
            place(special, quota: quota, among: cancellations, preferred: { _ in true }, random: &random)
        }
        for i in invoices.indices where invoices[i].kind == .guestSale {
            invoices[i].specials |= GeneratorCatalog.Special.dotcomPostage.bit
            invoices[i].specialCount += 1
        }
        // Free items (price 0) inside customer sales.
        var frees = counts.zeroPriceCustomerRows
        var attempts = 0
        while frees > 0 && !customerSales.isEmpty && attempts < 1_000 * max(1, frees) {
            let index = customerSales[random.below(customerSales.count)]
            if invoices[index].regularRows >= 2 {
                invoices[index].frees += 1
                frees -= 1
            }
            attempts += 1
        }
    }

    mutating func place(_ special: GeneratorCatalog.Special, quota: Int, among candidates: [Int],
                                preferred: (Invoice) -> Bool, random: inout DeterministicRandom) {
        guard !candidates.isEmpty else { return }
        func fits(_ index: Int) -> Bool {
            invoices[index].specials & special.bit == 0 && invoices[index].regularRows >= 1
        }
        for _ in 0..<quota {
            var chosen: Int?
            for _ in 0..<200 {
                let index = candidates[random.below(candidates.count)]
                if fits(index) && preferred(invoices[index]) { chosen = index; break }
            }
            if chosen == nil {
                for _ in 0..<200 {
                    let index = candidates[random.below(candidates.count)]
                    if fits(index) { chosen = index; break }
                }
            }
            guard let index = chosen else { return }
            invoices[index].specials |= special.bit
            invoices[index].specialCount += 1
        }
    }

    mutating func assignDuplicates(random: inout DeterministicRandom) {
        for (kind, quota) in [(Kind.customerSale, counts.duplicatesCustomer), (.guestSale, counts.duplicatesGuest),
                              (.cancellation, counts.duplicatesCancellation)] {
            let candidates = invoices.indices.filter { invoices[$0].kind == kind }
            guard !candidates.isEmpty else { continue }
            var left = quota
            var attempts = 0
            while left > 0 && attempts < 1_000 * max(1, quota) {
                let index = candidates[random.below(candidates.count)]
                // Keep at least one regular row to copy, and copies to a small share of the invoice.
                if invoices[index].regularRows >= 2 && invoices[index].duplicates * 4 < invoices[index].size {
                    invoices[index].duplicates += 1
                    left -= 1
                }
                attempts += 1
            }
        }
    }

    /// Exactly `nullDescriptions` of the one-row adjustment and zero-price invoices lose their text.
    mutating func assignNullDescriptions(random: inout DeterministicRandom) {
        let candidates = invoices.indices.filter {
            invoices[$0].kind == .adjustment || invoices[$0].kind == .zeroPriceGuest
        }
        var needed = counts.nullDescriptions
        for (seen, index) in candidates.enumerated() where needed > 0 {
            if random.below(candidates.count - seen) < needed {
                invoices[index].nullDescription = true
                needed -= 1
            }
        }
    }

    /// Spreads every product over the multi-row invoices so each appears at least once.
    mutating func assignCoverage(random: inout DeterministicRandom) {
        coverageOrder = Array(0..<counts.products)
        random.shuffle(&coverageOrder)
        let eligible = invoices.indices.filter {
            let kind = invoices[$0].kind
            return (kind == .customerSale || kind == .guestSale || kind == .cancellation) && invoices[$0].regularRows > 0
        }
        guard !eligible.isEmpty else { return }
        var given = 0
        for (slot, index) in eligible.enumerated() {
            let target = (slot + 1) * coverageOrder.count / eligible.count
            let take = min(max(0, target - given), invoices[index].regularRows)
            invoices[index].coverage = take
            given += take
        }
        // Anything left (tiny files) goes wherever there is room.
        for index in eligible where given < coverageOrder.count {
            let room = invoices[index].regularRows - invoices[index].coverage
            let take = min(room, coverageOrder.count - given)
            invoices[index].coverage += take
            given += take
        }
    }
}
