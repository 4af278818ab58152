import Foundation
import Testing
@testable import RetailData

@Suite("Online Retail generator")
struct OnlineRetailGeneratorTests {
    /// Relative difference of `actual` from `target`.
    static func drift(_ actual: Int, _ target: Int) -> Double {
        target == 0 ? Double(actual) : abs(Double(actual) - Double(target)) / Double(target)
    }

    @Test("the default file reproduces the published statistics")
    func defaultStatistics() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("online_retail.csv")
        let generator = OnlineRetailGenerator(seed: 20_101_201)
        #expect(generator.rows == 541_909)
        try generator.write(to: url)
        let stats = try RetailFileStatistics.measure(url)
        let target = OnlineRetailStatistics.published()
        let actual = stats.headline
        #expect(stats.issues == 0)
        #expect(actual.rows == 541_909)
        let counts: [(String, Int, Int)] = [
            ("distinct invoices", actual.distinctInvoices, target.distinctInvoices),
            ("cancelled invoices", actual.cancelledInvoices, target.cancelledInvoices),
            ("cancelled rows", actual.cancelledRows, target.cancelledRows),
            ("distinct stock codes", actual.distinctStockCodes, target.distinctStockCodes),
            ("distinct customers", actual.distinctCustomers, target.distinctCustomers),
            ("missing descriptions", actual.missingDescriptions, target.missingDescriptions),
            ("missing customers", actual.missingCustomers, target.missingCustomers),
            ("negative adjustments", actual.negativeAdjustments, target.negativeAdjustments),
            ("zero prices", actual.zeroPrices, target.zeroPrices),
            ("duplicate rows", actual.duplicateRows, target.duplicateRows),
        ]
        for (name, value, expected) in counts {
            #expect(Self.drift(value, expected) <= 0.03, "\(name): \(value) vs \(expected)")
        }
        #expect(actual.countries == 38)
        #expect(abs(actual.unitedKingdomShare - target.unitedKingdomShare) <= 0.01)
        #expect(actual.badDebtRows == 3)
        #expect(stats.badDebt == [
            ["A563185", "B", "Adjust bad debt", "1", "8/12/2011 14:50", "11062.06", "", "United Kingdom"],
            ["A563186", "B", "Adjust bad debt", "1", "8/12/2011 14:51", "-11062.06", "", "United Kingdom"],
            ["A563187", "B", "Adjust bad debt", "1", "8/12/2011 14:52", "-11062.06", "", "United Kingdom"],
        ])
        #expect(stats.specialCodes == RetailFileStatistics.specials)
        #expect(stats.saturdayRows == 0)
        #expect(stats.hours.lowerBound >= 6 && stats.hours.upperBound <= 20)
        #expect(stats.firstDay == CivilDate.days(year: 2010, month: 12, day: 1))
        #expect(stats.lastDay == CivilDate.days(year: 2011, month: 12, day: 9))
        #expect(stats.rowsPerMonth.max { $0.value < $1.value }?.key == 201_111)
        #expect(stats.inconsistentInvoices == 0)
        #expect(stats.descriptionsWithComma > 0)
        #expect(stats.descriptionsWithQuote > 0)
        #expect(stats.nonASCIIRows > 0)
        #expect(stats.productCodeRows > actual.rows * 9 / 10)

        // The raw bytes: header, CRLF, Latin-1 (not valid UTF-8).
        let handle = try FileHandle(forReadingFrom: url)
        let head = try handle.read(upToCount: 1 << 16) ?? Data()
        try handle.close()
        #expect(head.starts(with: Data("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n".utf8)))
        let lineFeeds = head.filter { $0 == 10 }.count
        let crlf = zip(head, head.dropFirst()).filter { $0 == 13 && $1 == 10 }.count
        #expect(lineFeeds == crlf)

    }

    @Test("the same seed writes the same bytes; another seed does not")
    func determinism() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = directory.file("first.csv")
        let second = directory.file("second.csv")
        let other = directory.file("other.csv")
        try OnlineRetailGenerator(rows: 20_000, seed: 99).write(to: first)
        try OnlineRetailGenerator(rows: 20_000, seed: 99).write(to: second)
        try OnlineRetailGenerator(rows: 20_000, seed: 100).write(to: other)
        let a = try Data(contentsOf: first)
        #expect(a == (try Data(contentsOf: second)))
        #expect(a != (try Data(contentsOf: other)))
        #expect(try FileDigest.sha256Hex(path: first.path) == (try FileDigest.sha256Hex(path: second.path)))
    }

    @Test("any row count gives exactly that many well-formed rows", arguments: [0, 1, 2, 57, 199, 200, 999, 1_000, 12_345])
    func rowCounts(rows: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("retail.csv")
        try OnlineRetailGenerator(rows: rows, seed: 5).write(to: url)
        let stats = try RetailFileStatistics.measure(url)
        #expect(stats.issues == 0)
        #expect(stats.headline.rows == rows)
        #expect(stats.inconsistentInvoices == 0)
        #expect(stats.saturdayRows == 0)
        let result = try SalesCleaningJob(input: url).run()
        #expect(result.report.rowsRead == rows)
        #expect(result.report.rowsQuarantined == 0)
        #expect(result.report.isBalanced)
        if rows >= 1_000 { #expect(stats.headline.badDebtRows == 3) }
    }

    @Test("scaled files stay close to the scaled statistics")
    func scaledStatistics() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("retail.csv")
        let rows = 100_000
        try OnlineRetailGenerator(rows: rows, seed: 3).write(to: url)
        let actual = try RetailFileStatistics.measure(url).headline
        let target = OnlineRetailStatistics.published(rows: rows)
        #expect(Self.drift(actual.distinctInvoices, target.distinctInvoices) <= 0.03)
        #expect(Self.drift(actual.cancelledRows, target.cancelledRows) <= 0.03)
        #expect(Self.drift(actual.missingCustomers, target.missingCustomers) <= 0.03)
        #expect(Self.drift(actual.duplicateRows, target.duplicateRows) <= 0.03)
        #expect(Self.drift(actual.zeroPrices, target.zeroPrices) <= 0.03)
        #expect(Self.drift(actual.distinctStockCodes, target.distinctStockCodes) <= 0.03)

        // It cleans with nothing quarantined, the report balanced and Latin-1 text intact.
        let result = try SalesCleaningJob(input: url).run()
        #expect(result.report.input.encoding == .latin1)
        #expect(result.report.rowsQuarantined == 0)
        #expect(result.report.isBalanced)
        #expect(result.report.dropped[.cancelled] == actual.cancelledRows)
        #expect(result.report.dropped[.badDebt] == 3)
        #expect(result.report.dropped[.duplicate] > 0)
        #expect(result.table.description.dictionary.contains { $0.contains("£") })
    }
}
