/// Invoice kinds, times and numbers.
extension GeneratorPlan {
    // MARK: Invoices and times

    mutating func makeInvoices(random: inout DeterministicRandom) {
        var kinds: [Kind] = []
        kinds.reserveCapacity(counts.customerSales + counts.guestSales + counts.cancellations
                              + counts.adjustments + counts.zeroPriceGuests)
        kinds += Array(repeating: .customerSale, count: counts.customerSales)
        kinds += Array(repeating: .guestSale, count: counts.guestSales)
        kinds += Array(repeating: .cancellation, count: counts.cancellations)
        kinds += Array(repeating: .adjustment, count: counts.adjustments)
        kinds += Array(repeating: .zeroPriceGuest, count: counts.zeroPriceGuests)
        random.shuffle(&kinds)
        invoices = kinds.map { Invoice(kind: $0) }
    }

    /// Spreads invoices over trading days by month, weekday and hour weights, in time order.
    mutating func assignTimes(random: inout DeterministicRandom) {
        let ref = OnlineRetailReference.self
        var days: [Int] = []
        var weights: [Double] = []
        var monthTotals = [Double](repeating: 0, count: ref.monthRows.count)
        func monthIndex(_ day: Int) -> Int {
            let civil = CivilDate.civil(days: day)
            return (civil.year - 2010) * 12 + civil.month - 12
        }
        for day in ref.firstDay...ref.lastDay where !ref.closedDays.contains(day) {
            let weekdayWeight = ref.weekdayWeights[CivilDate.weekday(days: day)]
            guard weekdayWeight > 0 else { continue }
            days.append(day)
            weights.append(weekdayWeight)
            monthTotals[monthIndex(day)] += weekdayWeight
        }
        for (i, day) in days.enumerated() {
            let month = monthIndex(day)
            weights[i] = ref.monthRows[month] * weights[i] / monthTotals[month]
        }
        let total = weights.reduce(0, +)
        let hours = WeightedTable(ref.hourWeights)
        let count = invoices.count
        var minutes: [Int] = []
        minutes.reserveCapacity(count)
        var cumulative = 0.0
        var assigned = 0
        for (i, day) in days.enumerated() {
            cumulative += weights[i]
            let upTo = i == days.count - 1 ? count : min(count, Int((Double(count) * cumulative / total).rounded()))
            var dayMinutes: [Int] = []
            while assigned < upTo {
                let hour = ref.firstHour + hours.draw(&random)
                dayMinutes.append(day * 1_440 + hour * 60 + random.below(60))
                assigned += 1
            }
            dayMinutes.sort()
            minutes += dayMinutes
        }
        for i in invoices.indices { invoices[i].minute = minutes[i] }
        // The three bad-debt rows keep their real date and time.
        for (index, minuteOfDay) in ref.badDebtMinutes.prefix(counts.badDebt).enumerated() {
            let minute = ref.badDebtDay * 1_440 + minuteOfDay
            var invoice = Invoice(kind: .badDebt)
            invoice.minute = minute
            invoice.badDebtIndex = index
            invoice.number = ref.badDebtInvoices[index]
            invoice.country = 0
            let position = invoices.firstIndex { $0.minute > minute } ?? invoices.count
            invoices.insert(invoice, at: position)
        }
    }

    mutating func assignNumbers(random: inout DeterministicRandom) {
        let reserved = Set(OnlineRetailReference.badDebtInvoices)
        var number = OnlineRetailReference.firstInvoiceNumber
        for i in invoices.indices where invoices[i].kind != .badDebt {
            while reserved.contains(number) { number += 1 }
            invoices[i].number = number
            number += random.chance(OnlineRetailReference.extraStepProbability) ? 2 : 1
        }
    }
}
