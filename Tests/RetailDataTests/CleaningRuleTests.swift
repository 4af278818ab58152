import Foundation
import Testing
@testable import RetailData

@Suite("Cleaning rules")
struct CleaningRuleTests {
    static let good = "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom"

    @Test("each drop rule counts its rows")
    func eachRule() throws {
        let result = try clean(retailCSV([
            CleaningRuleTests.good,
            "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",
            "A563185,B,Adjust bad debt,1,8/12/2011 14:50,11062.06,,United Kingdom",
            "536414,22139,,0,12/1/2010 11:52,1.25,,United Kingdom",
            "536589,21777,damaged,-10,12/1/2010 16:50,0,,United Kingdom",
            "536981,72817,,1,12/3/2010 14:26,0,,United Kingdom",
            "A563186,B,Adjust bad debt,1,8/12/2011 14:51,-11062.06,,United Kingdom",
            CleaningRuleTests.good,
        ]))
        let report = result.report
        #expect(report.rowsRead == 8)
        #expect(report.rowsClean == 1)
        #expect(report.dropped[.cancelled] == 1)
        #expect(report.dropped[.badDebt] == 2)
        #expect(report.dropped[.nonPositiveQuantity] == 2)
        #expect(report.dropped[.nonPositivePrice] == 1)
        #expect(report.dropped[.duplicate] == 1)
        #expect(report.rowsQuarantined == 0)
        #expect(report.isBalanced)
        #expect(result.table.count == 1)
    }

    @Test("a row matching several rules counts under the first")
    func ordering() throws {
        let result = try clean(retailCSV([
            "C1,A,X,-1,12/1/2010 9:41,0,1,France",      // cancelled, also qty and price
            "A2,B,X,-1,12/1/2010 9:41,0,,France",       // bad debt, also qty and price
            "3,C,X,-1,12/1/2010 9:41,0,,France",        // quantity, also price
            "C1,A,X,-1,12/1/2010 9:41,0,1,France",      // copy of a cancelled row: cancelled
            "4,D,X,1,12/1/2010 9:41,0,,France",         // price
            "4,D,X,1,12/1/2010 9:41,0,,France",         // copy of a dropped row: price again
        ]))
        #expect(result.report.dropped[.cancelled] == 2)
        #expect(result.report.dropped[.badDebt] == 1)
        #expect(result.report.dropped[.nonPositiveQuantity] == 1)
        #expect(result.report.dropped[.nonPositivePrice] == 2)
        #expect(result.report.dropped[.duplicate] == 0)
        #expect(result.report.rowsClean == 0)
    }

    @Test("switched-off rules let rows through to the next rule")
    func rulesOff() throws {
        let rows = [
            "C1,A,X,-1,12/1/2010 9:41,2,1,France",
            "A2,B,X,1,12/1/2010 9:41,-5,,France",
            "3,C,X,1,12/1/2010 9:41,1,,France",
            "3,C,X,1,12/1/2010 9:41,1,,France",
        ]
        var rules = CleaningRules()
        rules.dropCancelled = false
        rules.dropBadDebt = false
        let partial = try clean(retailCSV(rows), rules: rules)
        #expect(partial.report.dropped[.nonPositiveQuantity] == 1)
        #expect(partial.report.dropped[.nonPositivePrice] == 1)
        #expect(partial.report.dropped[.duplicate] == 1)

        let none = CleaningRules(dropCancelled: false, dropBadDebt: false, dropNonPositiveQuantity: false,
                                 dropNonPositivePrice: false, dropDuplicates: false)
        let all = try clean(retailCSV(rows), rules: none)
        #expect(all.report.rowsClean == 4)
        #expect(all.report.dropped.total == 0)
        #expect(all.table.revenue == [-2_000, -5_000, 1_000, 1_000])
    }

    @Test("duplicates compare the raw field values exactly")
    func duplicateExactness() throws {
        let result = try clean(retailCSV([
            "1,A,HEART,6,12/1/2010 8:26,2.55,17850,France",
            "1,A,\"HEART\",6,12/1/2010 8:26,2.55,17850,France",   // same values once unquoted: duplicate
            "1,A,HEART ,6,12/1/2010 8:26,2.55,17850,France",      // trailing blank: different
            "1,A,HEART,6,12/1/2010 8:26,2.55,17850.0,France",     // 17850.0 is not raw-equal
            "1,A,HEART,6,12/1/2010 8:26,2.550,17850,France",      // 2.550 is not raw-equal
            "2,A,HEART,6,12/1/2010 8:26,2.55,17850,France",       // other invoice
            "1,A,HEART,6,12/1/2010 8:26,2.55,17850,France",       // duplicate again, far away
        ]))
        #expect(result.report.dropped[.duplicate] == 2)
        #expect(result.report.rowsClean == 5)
    }

    @Test("quarantine reasons carry their physical line", arguments: [
        ("1,A,X,six,12/1/2010 8:26,1,1,France", QuarantineReason.badQuantity),
        ("1,A,X,1.5,12/1/2010 8:26,1,1,France", .badQuantity),
        ("1,A,X,,12/1/2010 8:26,1,1,France", .badQuantity),
        ("1,A,X,99999999999999999999,12/1/2010 8:26,1,1,France", .outOfRange),
        ("1,A,X,900000000000000000,12/1/2010 8:26,900000,1,France", .outOfRange),
        ("1,A,X,1,12/1/2010 8:26,9223372036854776,1,France", .outOfRange),
        ("1,A,X,1,12/1/2010 8:26,\"9223372036854775.999\",1,France", .outOfRange),
        ("1,A,X,2,12/1/2010 8:26,999999999999999,1,France", .outOfRange),
        ("1,A,X,1,0000-01-01 00:00,1,1,France", .outOfRange),
        ("1,A,X,1,12/1/2010 8:26,abc,1,France", .badPrice),
        ("1,A,X,1,12/1/2010 8:26,1.2.3,1,France", .badPrice),
        ("1,A,X,1,12/1/2010 8:26,,1,France", .badPrice),
        ("1,A,X,1,12/1/2010 8:26,2.5501,1,France", .pricePrecision),
        ("1,A,X,1,13/1/2010 8:26,1,1,France", .badDate),
        ("1,A,X,1,2/30/2011 8:26,1,1,France", .badDate),
        ("1,A,X,1,12/1/2010 24:00,1,1,France", .badDate),
        ("1,A,X,1,yesterday,1,1,France", .badDate),
        ("1,A,X,six,yesterday,abc,1,France", .badQuantity),
        ("1,A,X,1,yesterday,2.5501,1,France", .pricePrecision),
        ("1,A,X,1,12/1/2010 8:26", .fieldCount),
    ])
    func quarantineReason(row: String, reason: QuarantineReason) throws {
        let text = retailCSV([
            CleaningRuleTests.good,
            "536365,71053,\"WHITE\nMETAL LANTERN\",6,12/1/2010 8:26,3.39,17850,United Kingdom",
            row,
            "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom",
        ])
        let result = try clean(text)
        #expect(result.quarantine == [QuarantineEntry(line: 5, reason: reason, raw: row)])
        #expect(result.report.quarantined[reason] == 1)
        #expect(result.report.rowsQuarantined == 1)
        #expect(result.report.rowsClean == 3)
        #expect(result.report.isBalanced)
    }

    @Test("customer ids are normalized", arguments: [
        ("17850", "17850"), ("17850.0", "17850"), ("17850.00", "17850"), (" 17850 ", "17850"),
        ("", "Unknown"), ("  ", "Unknown"), ("17850.5", "17850.5"), ("X17", "X17"),
    ])
    func customerIDs(raw: String, expected: String) throws {
        let result = try clean(retailCSV(["1,A,X,1,12/1/2010 8:26,1,\"\(raw)\",France"]))
        #expect(result.table.customerId[0] == expected)
    }

    @Test("descriptions are trimmed and empty ones are null")
    func descriptions() throws {
        let result = try clean(retailCSV([
            "1,A,  WHITE HEART  ,1,12/1/2010 8:26,1,1,France",
            "1,B,\"   \",1,12/1/2010 8:26,1,1,France",
            "1,C,,1,12/1/2010 8:26,1,1,France",
            "1,D,WHITE HEART,1,12/1/2010 8:26,1,1,France",
        ]))
        #expect(result.table.count == 4)
        #expect(result.table.description[0] == "WHITE HEART")
        #expect(result.table.description[1] == nil)
        #expect(result.table.description[2] == nil)
        #expect(result.table.description.codes == [0, -1, -1, 0])
        #expect(result.table.description.dictionary == ["WHITE HEART"])
    }

    @Test("prices are exact thousandths and revenue is their exact product")
    func moneyExactness() throws {
        let result = try clean(retailCSV([
            "1,A,X,3,12/1/2010 8:26,0.1,1,France",
            "1,B,X,6,12/1/2010 8:26,2.55,1,France",
            "1,C,X,7,12/1/2010 8:26,0.001,1,France",
            "1,D,X,80995,12/1/2010 8:26,2.08,1,France",
            "1,E,X,1,12/1/2010 8:26,11062.06,1,France",
            "1,F,X,12,12/1/2010 8:26,1.2500,1,France",
            "1,G,X,2,12/1/2010 8:26,.5,1,France",
        ]))
        #expect(result.table.unitPrice == [100, 2_550, 1, 2_080, 11_062_060, 1_250, 500])
        #expect(result.table.revenue == [300, 15_300, 7, 168_469_600, 11_062_060, 15_000, 1_000])
        for row in 0..<result.table.count {
            #expect(result.table.revenue[row] == result.table.quantity[row] * result.table.unitPrice[row])
        }
        #expect(Money(thousandths: result.table.revenue.reduce(0, +)).description == "179563.267")
    }

    @Test("dates become wall-clock microseconds; ISO forms are accepted too")
    func dates() throws {
        let result = try clean(retailCSV([
            "1,A,X,1,12/1/2010 8:26,1,1,France",
            "1,B,X,1,2010-12-01 08:26,1,1,France",
            "1,C,X,1,2011-08-12 14:50:30,1,1,France",
            "1,D,X,1,2011-08-12T14:50:30,1,1,France",
            "1,E,X,1,02/29/2012 23:59,1,1,France",
        ]))
        #expect(result.report.rowsQuarantined == 0)
        #expect(result.table.invoiceTs == [1_291_191_960_000_000, 1_291_191_960_000_000, 1_313_160_630_000_000,
                                           1_313_160_630_000_000, 1_330_559_940_000_000])
    }

    @Test("the date format is configurable")
    func customDateFormat() throws {
        var rules = CleaningRules()
        rules.dateFormat = "dd.MM.yyyy HH:mm"
        let result = try clean(retailCSV(["1,A,X,1,01.12.2010 08:26,1,1,France", "1,B,X,1,12/1/2010 8:26,1,1,France"]),
                               rules: rules)
        #expect(result.table.invoiceTs == [1_291_191_960_000_000])
        #expect(result.quarantine.map(\.reason) == [.badDate])
        #expect(throws: DatePatternError.self) { try clean(retailCSV([]), rules: CleaningRules(dateFormat: "M/d/yyyy Q")) }
        #expect((try? DatePattern("yyyy-MM-dd'T'HH:mm")) != nil)
    }

    @Test("a Latin-1 file keeps its pound signs")
    func latin1Text() throws {
        let bytes = latin1(retailCSV(["1,gift_0001_10,Dotcomgiftshop Gift Voucher £10.00,1,12/1/2010 8:26,8.51,,United Kingdom"],
                                     newline: "\r\n"))
        let result = try clean(bytes: bytes)
        #expect(result.report.input.encoding == .latin1)
        #expect(result.table.description[0] == "Dotcomgiftshop Gift Voucher £10.00")
        #expect(result.table.customerId[0] == "Unknown")
    }

    @Test("a SalesCleaner can be fed by a CSVStreamReader directly")
    func cleanerAsVisitor() throws {
        let text = retailCSV([CleaningRuleTests.good, CleaningRuleTests.good, "1,A,X,x,12/1/2010 8:26,1,1,France"])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write("input.csv", text)
        let reader = try CSVStreamReader(path: url.path, columns: RetailColumns.all)
        var cleaner = try SalesCleaner()
        try reader.read(into: &cleaner)
        let table = cleaner.takeTable(encoding: reader.detectedEncoding)
        let job = try SalesCleaningJob(input: url).run()
        #expect(table == job.table)
        #expect(cleaner.quarantineEntries(encoding: .utf8) == job.quarantine)
        #expect(cleaner.rowsRead == 3)
        #expect(cleaner.dropped[.duplicate] == 1)
        #expect(cleaner.quarantined[.badQuantity] == 1)
    }

    @Test("single records can be cleaned without a file")
    func singleRecords() throws {
        let cleaner = try SalesCleaner()
        let fields = ["536365", "85123A", " WHITE HEART ", "6", "12/1/2010 8:26", "2.55", "17850.0", "United Kingdom"]
        guard case .kept(let row) = cleaner.process(fields: fields, line: 1) else {
            Issue.record("expected a kept row")
            return
        }
        #expect(row.revenue == 15_300)
        #expect(cleaner.text(.description, code: row.description) == "WHITE HEART")
        #expect(cleaner.text(.customerId, code: row.customerId) == "17850")
        #expect(cleaner.process(fields: fields, line: 2) == .dropped(.duplicate))
        #expect(cleaner.evaluate(fields: ["C1", "A", "X", "-1", "12/1/2010 8:26", "1", "", "France"], line: 3) == .dropped(.cancelled))
        #expect(cleaner.process(fields: ["1", "A", "X", "1", "someday", "1", "", "France"], line: 4) == .quarantined(.badDate))
        let entries = cleaner.quarantineEntries(encoding: .utf8)
        #expect(entries == [QuarantineEntry(line: 4, reason: .badDate, raw: "1,A,X,1,someday,1,,France")])
        #expect(cleaner.tableRowCount == 1)
        #expect(cleaner.rowsRead == 4)
        let report = cleaner.report(input: QualityReport.Input(path: "-", sizeBytes: 0, sha256: "", encoding: .utf8))
        #expect(report.isBalanced)
        #expect(cleaner.takeTable(encoding: .utf8).customerId.dictionary == ["17850"])
    }
}
