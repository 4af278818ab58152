import Foundation
import Testing
@testable import RetailData

@Suite("Quality report and quarantine file")
struct QualityReportTests {
    static let mixed = retailCSV([
        "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
        "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",
        "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
        "536366,22633,\"HAND, WARMER\",six,12/1/2010 8:28,1.85,17850,United Kingdom",
        "536367,22633,\"SAY \"\"HI\"\"\nTWICE\",6,12/1/2010 8:28,1.8555,17850,United Kingdom",
        "536368,22633,SHORT,6",
        "536369,22633,OK,6,12/1/2010 8:28,1.85,17850.0,EIRE",
    ], newline: "\r\n")

    @Test("every row read is kept, dropped or quarantined exactly once")
    func invariant() throws {
        let result = try clean(QualityReportTests.mixed)
        let report = result.report
        #expect(report.rowsRead == 7)
        #expect(report.rowsClean == 2)
        #expect(report.dropped.total == 2)
        #expect(report.rowsQuarantined == 3)
        #expect(report.rowsRead == report.rowsClean + report.dropped.total + report.rowsQuarantined)
        #expect(report.isBalanced)
        #expect(result.quarantine.map(\.line) == [5, 6, 8])
        #expect(result.quarantine.map(\.reason) == [.badQuantity, .pricePrecision, .fieldCount])
        #expect(result.quarantine[1].raw == "536367,22633,\"SAY \"\"HI\"\"\nTWICE\",6,12/1/2010 8:28,1.8555,17850,United Kingdom")
    }

    @Test("the JSON has snake_case keys and every reason, zeros included")
    func json() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write("input.csv", QualityReportTests.mixed)
        let result = try SalesCleaningJob(input: url).run()
        let object = try JSONSerialization.jsonObject(with: result.report.jsonData()) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["rows_read", "rows_clean", "dropped", "rows_quarantined", "quarantined", "input"])
        let dropped = object?["dropped"] as? [String: Int]
        #expect(dropped == ["cancelled": 1, "bad_debt": 0, "non_positive_quantity": 0, "non_positive_price": 0, "duplicate": 1])
        let quarantined = object?["quarantined"] as? [String: Int]
        #expect(quarantined?["bad_quantity"] == 1)
        #expect(quarantined?["price_precision"] == 1)
        #expect(quarantined?["field_count"] == 1)
        #expect(quarantined?["bad_date"] == 0)
        #expect(quarantined?["invalid_encoding"] == 0)
        #expect(quarantined?["unterminated_quote"] == 0)
        let input = object?["input"] as? [String: Any]
        #expect(input?["path"] as? String == url.path)
        #expect(input?["size_bytes"] as? Int == QualityReportTests.mixed.utf8.count)
        #expect(input?["sha256"] as? String == (try FileDigest.sha256Hex(path: url.path)))
        #expect(input?["encoding"] as? String == "utf-8")
        let decoded = try JSONDecoder().decode(QualityReport.self, from: result.report.jsonData())
        #expect(decoded == result.report)
    }

    @Test("SHA-256 of a known text")
    func sha256() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write("abc.txt", "abc")
        #expect(try FileDigest.sha256Hex(path: url.path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try FileDigest.sha256InBackground(path: url.path).wait() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("the quarantine ratio is checked against max_quarantine_ratio")
    func quarantineRatio() throws {
        var rows = (0..<98).map { "\($0),A,X,1,12/1/2010 8:26,1,1,France" }
        rows += ["98,A,X,bad,12/1/2010 8:26,1,1,France", "99,A,X,1,12/1/2010 8:26,bad,1,France"]
        let report = try clean(retailCSV(rows)).report
        #expect(report.quarantineRatio == 0.02)
        #expect(CleaningRules().exceedsQuarantineLimit(report))
        #expect(!CleaningRules(maxQuarantineRatio: 0.05).exceedsQuarantineLimit(report))
        #expect(!CleaningRules().exceedsQuarantineLimit(try clean(retailCSV([])).report))
    }

    @Test("cleaning rules decode from snake_case JSON with defaults for missing keys")
    func rulesCodable() throws {
        let rules = try JSONDecoder().decode(CleaningRules.self, from: Data(#"{"drop_duplicates": false, "max_quarantine_ratio": 0.5}"#.utf8))
        #expect(rules == CleaningRules(dropDuplicates: false, maxQuarantineRatio: 0.5))
        let roundTrip = try JSONDecoder().decode(CleaningRules.self, from: JSONEncoder().encode(rules))
        #expect(roundTrip == rules)
    }

    @Test("quarantine.csv is UTF-8 RFC 4180 with a line,reason,raw header")
    func quarantineFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let entries = [
            QuarantineEntry(line: 5, reason: .badQuantity, raw: "1,A,\"X\",six"),
            QuarantineEntry(line: 9, reason: .unterminatedQuote, raw: "2,\"£5\r\nMORE"),
            QuarantineEntry(line: 12, reason: .fieldCount, raw: "plain"),
        ]
        let url = directory.file("quarantine.csv")
        try QuarantineCSVWriter.write(entries, to: url)
        let bytes = try [UInt8](Data(contentsOf: url))
        let expected = "line,reason,raw\r\n"
            + "5,bad_quantity,\"1,A,\"\"X\"\",six\"\r\n"
            + "9,unterminated_quote,\"2,\"\"£5\r\nMORE\"\r\n"
            + "12,field_count,plain\r\n"
        #expect(bytes == Array(expected.utf8))
        #expect(QuarantineCSVWriter.csv(entries) == expected)
        // The file reads back with the project's own reader.
        let outcome = try readAll(bytes, columns: [CSVColumn("line"), CSVColumn("reason"), CSVColumn("raw")])
        #expect(outcome.records.map { $0.fields[2] } == entries.map(\.raw))
    }

    @Test("a cleaning result writes its files")
    func resultFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try clean(QualityReportTests.mixed)
        try result.write(to: directory.url, includeTable: true)
        let report = try JSONDecoder().decode(QualityReport.self, from: Data(contentsOf: directory.file("quality_report.json")))
        #expect(report == result.report)
        #expect(try SalesTable(contentsOf: directory.file("sales_table.bin")) == result.table)
        #expect(try String(contentsOf: directory.file("quarantine.csv"), encoding: .utf8).hasPrefix("line,reason,raw\r\n5,bad_quantity,"))
    }
}
