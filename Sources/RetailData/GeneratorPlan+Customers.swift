/// Customers and countries of the invoices.
extension GeneratorPlan {
    // MARK: Customers and countries

    /// Gives each customer a country and at least one invoice, and each country its share of rows:
    /// invoices (whose sizes are already known) are dealt out in random order until every non-UK
    /// country has its rows; United Kingdom takes the rest. Guest invoices get countries the same
    /// way from the guest rows of the real file.
    mutating func assignCustomers(random: inout DeterministicRandom) {
        let countries = OnlineRetailReference.countries
        var bearing = invoices.indices.filter {
            invoices[$0].kind == .customerSale || invoices[$0].kind == .cancellation
        }
        random.shuffle(&bearing)
        let pools = customerPools(bearingInvoices: bearing.count)
        let bearingRows = bearing.reduce(0) { $0 + invoices[$1].size }
        let targets = GeneratorPlan.rowTargets(total: bearingRows, weights: countries.map { $0.rows - $0.guestRows })
        let owners = deal(bearing, targets: targets, minimumInvoices: pools)
        var firstCustomer = 0
        for country in countries.indices {
            let pool = pools[country]
            defer { firstCustomer += pool }
            guard pool > 0 else { continue }
            for (k, index) in owners[country].enumerated() {
                // Each customer once, then a skew towards a few very active customers.
                let local: Int
                if k < pool {
                    local = k
                } else {
                    let u = random.unit()
                    local = min(pool - 1, Int(Double(pool) * u * u))
                }
                invoices[index].country = country
                invoices[index].customer = firstCustomer + local
            }
        }

        var guests = invoices.indices.filter { invoices[$0].kind == .guestSale }
        random.shuffle(&guests)
        let guestRows = guests.reduce(0) { $0 + invoices[$1].size }
        let guestTargets = GeneratorPlan.rowTargets(total: guestRows, weights: countries.map(\.guestRows))
        // Hong Kong has no customers at all, so it needs a guest invoice to appear.
        let minimum = countries.map { $0.customers == 0 && guests.count > 1 ? 1 : 0 }
        for (country, members) in deal(guests, targets: guestTargets, minimumInvoices: minimum).enumerated() {
            for index in members { invoices[index].country = country }
        }
    }

    /// Customers per country: non-UK scaled (at least one when the file is large enough), UK the rest.
    private func customerPools(bearingInvoices: Int) -> [Int] {
        let countries = OnlineRetailReference.countries
        let factor = Double(counts.customers) / 4_372.0
        var pools = countries.map { country -> Int in
            let scaled = Int((Double(country.customers) * factor).rounded())
            return country.customers > 0 && bearingInvoices >= 500 ? max(1, scaled) : scaled
        }
        pools[0] = 0
        var others = pools.reduce(0, +)
        while others > counts.customers - min(1, counts.customers),
              let largest = pools.indices.max(by: { pools[$0] < pools[$1] }), pools[largest] > 0 {
            pools[largest] -= 1
            others -= 1
        }
        pools[0] = counts.customers - others
        return pools
    }

    /// `total` split in proportion to `weights`.
    private static func rowTargets(total: Int, weights: [Int]) -> [Int] {
        let sum = max(1, weights.reduce(0, +))
        return weights.map { Int((Double(total) * Double($0) / Double(sum)).rounded()) }
    }

    /// Deals `candidates` (already shuffled) to countries: each non-UK country takes invoices until
    /// it has its target rows (skipping invoices that would overshoot by more than a few rows), then
    /// the smallest remaining invoices until it has `minimumInvoices`; United Kingdom (index 0)
    /// takes everything left.
    private func deal(_ candidates: [Int], targets: [Int], minimumInvoices: [Int]) -> [[Int]] {
        var owners = [[Int]](repeating: [], count: targets.count)
        var taken = [Bool](repeating: false, count: candidates.count)
        let bySize = candidates.indices.sorted {
            (invoices[candidates[$0]].size, $0) < (invoices[candidates[$1]].size, $1)
        }
        var smallest = 0
        for country in targets.indices.dropFirst() where targets[country] > 0 || minimumInvoices[country] > 0 {
            var rows = 0
            for (slot, index) in candidates.enumerated() where !taken[slot] {
                let room = targets[country] - rows
                guard room > 0 else { break }
                let size = invoices[index].size
                if size <= room + 3 {
                    taken[slot] = true
                    owners[country].append(index)
                    rows += size
                }
            }
            while owners[country].count < minimumInvoices[country] && smallest < bySize.count {
                let slot = bySize[smallest]
                smallest += 1
                guard !taken[slot] else { continue }
                taken[slot] = true
                owners[country].append(candidates[slot])
            }
        }
        owners[0] = candidates.enumerated().filter { !taken[$0.offset] }.map(\.element)
        return owners
    }
}
