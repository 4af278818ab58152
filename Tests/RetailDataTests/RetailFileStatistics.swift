import Foundation
@testable import RetailData

/// Statistics measured on an Online Retail CSV file, for checking the generator.
///
/// Distinct values are counted exactly by interning their bytes, and every distinct value is
/// parsed once, which keeps a full-size file quick to measure even in a debug build.
struct RetailFileStatistics {
    var headline = OnlineRetailStatistics()
    var saturdayRows = 0
    var hours: ClosedRange<Int> = 0...0
    var firstDay = Int.max
    var lastDay = Int.min
    var rowsPerMonth: [Int: Int] = [:]   // year * 100 + month
    var inconsistentInvoices = 0
    var specialCodes: Set<String> = []
    var descriptionsWithComma = 0
    var descriptionsWithQuote = 0
    var nonASCIIRows = 0
    var badDebt: [[String]] = []
    var productCodeRows = 0
    var issues = 0

    static let specials: Set<String> = ["POST", "D", "M", "C2", "DOT", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "S", "B"]

    /// Measures the file at `url` with the project's reader.
    static func measure(_ url: URL) throws -> RetailFileStatistics {
        let reader = try CSVStreamReader(path: url.path, columns: RetailColumns.all, options: CSVReaderOptions(encoding: .latin1))
        var visitor = Visitor()
        try reader.read(into: &visitor)
        return visitor.finish()
    }

    private struct Visitor: ~Copyable, CSVRecordVisitor {
        var stats = RetailFileStatistics()
        var rows = ByteInterner(expectedKeys: 1 << 16)
        var invoices = ByteInterner(expectedKeys: 1 << 12)
        var stockCodes = ByteInterner(expectedKeys: 1 << 12)
        var customers = ByteInterner(expectedKeys: 1 << 12)
        var countries = ByteInterner(expectedKeys: 64)
        var dates = ByteInterner(expectedKeys: 1 << 12)
        var prices = ByteInterner(expectedKeys: 1 << 10)
        var invoiceFacts: [(customer: Int32, country: Int32, date: Int32)] = []
        var cancelledInvoices: Set<Int32> = []
        var rowsPerCountry: [Int] = []
        var rowsPerDate: [Int] = []
        var zeroPrice: [Bool] = []

        mutating func reject(_ issue: CSVRecordIssue) { stats.issues += 1 }

        mutating func visit(_ record: CSVRecord) {
            stats.headline.rows += 1
            let distinctRows = rows.count
            _ = rows.intern(record.raw)
            if rows.count == distinctRows { stats.headline.duplicateRows += 1 }
            let invoice = record[0]
            let customer = customers.intern(record[6])
            let country = countries.intern(record[7])
            let date = dates.intern(record[4])
            let invoiceID = Int(invoices.intern(invoice))
            if invoiceID == invoiceFacts.count {
                invoiceFacts.append((customer, country, date))
            } else if invoiceFacts[invoiceID] != (customer, country, date) {
                stats.inconsistentInvoices += 1
            }
            if Int(country) == rowsPerCountry.count { rowsPerCountry.append(0) }
            rowsPerCountry[Int(country)] += 1
            if Int(date) == rowsPerDate.count { rowsPerDate.append(0) }
            rowsPerDate[Int(date)] += 1

            let cancelled = invoice.first == UInt8(ascii: "C")
            if cancelled {
                cancelledInvoices.insert(Int32(invoiceID))
                stats.headline.cancelledRows += 1
            }
            if invoice.first == UInt8(ascii: "A") {
                stats.headline.badDebtRows += 1
                stats.badDebt.append((0..<8).map { TextDecoding.latin1String(record[$0]) })
            }
            let stock = record[1]
            _ = stockCodes.intern(stock)
            if Self.looksLikeProductCode(stock) { stats.productCodeRows += 1 }
            if record[6].isEmpty { stats.headline.missingCustomers += 1 }
            let description = record[2]
            if description.isEmpty { stats.headline.missingDescriptions += 1 }
            if description.contains(UInt8(ascii: ",")) { stats.descriptionsWithComma += 1 }
            if description.contains(UInt8(ascii: "\"")) { stats.descriptionsWithQuote += 1 }
            if TextDecoding.hasNonASCII(UnsafeRawBufferPointer(record.raw)) { stats.nonASCIIRows += 1 }
            let price = Int(prices.intern(record[5]))
            if price == zeroPrice.count {
                zeroPrice.append(Money(Substring(TextDecoding.latin1String(record[5])))?.thousandths == 0)
            }
            if zeroPrice[price] {
                stats.headline.zeroPrices += 1
                if record[3].first == UInt8(ascii: "-") && !cancelled && record[6].isEmpty {
                    stats.headline.negativeAdjustments += 1
                }
            }
        }

        /// Five digits and an optional capital letter, like `85123A`.
        static func looksLikeProductCode(_ code: UnsafeBufferPointer<UInt8>) -> Bool {
            guard code.count == 5 || code.count == 6 else { return false }
            for index in 0..<5 where !(48...57).contains(code[index]) { return false }
            return code.count == 5 || (65...90).contains(code[5])
        }

        consuming func finish() -> RetailFileStatistics {
            var stats = self.stats
            stats.headline.distinctInvoices = invoices.count
            stats.headline.cancelledInvoices = cancelledInvoices.count
            stats.headline.distinctStockCodes = stockCodes.count
            stats.headline.distinctCustomers = customers.count - (0..<customers.count).filter { customers.key(Int32($0)).isEmpty }.count
            stats.headline.countries = countries.count
            for id in 0..<countries.count where TextDecoding.latin1String(countries.key(Int32(id))) == "United Kingdom" {
                stats.headline.unitedKingdomShare = Double(rowsPerCountry[id]) / Double(max(1, stats.headline.rows))
            }
            for id in 0..<stockCodes.count {
                let code = TextDecoding.latin1String(stockCodes.key(Int32(id)))
                if RetailFileStatistics.specials.contains(code) { stats.specialCodes.insert(code) }
            }
            let pattern = try? DatePattern(DatePattern.retailDefault)
            var lowHour = 99
            var highHour = -1
            for id in 0..<dates.count {
                guard let micros = pattern?.microseconds(dates.key(Int32(id))) else {
                    stats.issues += 1
                    continue
                }
                let day = Int(micros / CivilDate.microsPerDay)
                let hour = Int(micros % CivilDate.microsPerDay / 3_600_000_000)
                if CivilDate.weekday(days: day) == 6 { stats.saturdayRows += rowsPerDate[id] }
                lowHour = min(lowHour, hour)
                highHour = max(highHour, hour)
                stats.firstDay = min(stats.firstDay, day)
                stats.lastDay = max(stats.lastDay, day)
                let civil = CivilDate.civil(days: day)
                stats.rowsPerMonth[civil.year * 100 + civil.month, default: 0] += rowsPerDate[id]
            }
            if highHour >= lowHour { stats.hours = lowHour...highHour }
            return stats
        }
    }
}
