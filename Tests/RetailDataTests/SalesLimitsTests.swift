import Foundation
import Testing
@testable import RetailData

/// Issue 9: values beyond the documented limits give an error (`out_of_range`), never a trap or a
/// wrong value. The tester inputs are quoted exactly.
@Suite("Sales value limits")
struct SalesLimitsTests {
    @Test("money parsing never traps and refuses amounts beyond DECIMAL(18,3)", arguments: [
        ("9223372036854776", Money.ParseResult.outOfRange),
        ("9223372036854775.999", .outOfRange),
        ("9223372036854775", .outOfRange),
        ("1000000000000000", .outOfRange),
        ("-1000000000000000", .outOfRange),
        ("99999999999999999999999999999999999999.5", .outOfRange),
        ("999999999999999.999", .value(Money.max)),
        ("-999999999999999.999", .value(Money(thousandths: -999_999_999_999_999_999))),
        ("999999999999999.9990", .value(Money.max)),
        ("2.55", .value(Money(thousandths: 2550))),
        ("1.2345", .tooPrecise),
        ("1e5", .invalid),
        ("9223372036854776x", .invalid),
        ("1.2.3", .invalid),
    ])
    func money(text: String, expected: Money.ParseResult) {
        #expect(Money.parseDetailed(Substring(text)) == expected)
    }

    @Test("quantity parsing never traps and refuses |quantity| above 1,000,000,000", arguments: [
        ("1000000000", ParsedFieldCase.value(1_000_000_000)),
        ("-1000000000", .value(-1_000_000_000)),
        ("1000000001", .outOfRange),
        ("-1000000001", .outOfRange),
        ("9223372036854775808", .outOfRange),
        ("99999999999999999999999999", .outOfRange),
        ("6.000", .value(6)),
        ("1.5", .invalid),
        ("99999999999999999999x", .invalid),
        ("", .invalid),
    ])
    func quantity(text: String, expected: ParsedFieldCase) {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { FieldParsing.quantity($0) }
        #expect(ParsedFieldCase(parsed) == expected)
    }

    @Test("a single record outside the limits is quarantined as out_of_range, naming the limit", arguments: [
        ("6", "12/1/2010 8:26", "9223372036854776", RangeViolation.unitPrice),
        ("6", "12/1/2010 8:26", "9223372036854775.999", .unitPrice),
        ("2", "12/1/2010 8:26", "9223372036854775", .unitPrice),
        ("2", "12/1/2010 8:26", "999999999999999", .revenue),
        ("1000000000", "12/1/2010 8:26", "1000000", .revenue),
        ("1000000001", "12/1/2010 8:26", "1", .quantity),
        ("1", "0000-01-01 00:00", "1", .invoiceDate),
        ("1", "1/1/0000 0:00", "1", .invoiceDate),
        ("1", "12/31/1899 23:59", "1", .invoiceDate),
    ])
    func singleRecord(quantity: String, date: String, price: String, violation: RangeViolation) throws {
        let cleaner = try SalesCleaner()
        let fields = ["536365", "85123A", "HEART", quantity, date, price, "17850", "United Kingdom"]
        #expect(cleaner.evaluate(fields: fields, line: 9) == .quarantined(.outOfRange))
        #expect(cleaner.quarantined[.outOfRange] == 1)
        #expect(RawSalesRecord.withFields(fields) { cleaner.rangeViolation($0) } == violation)
    }

    @Test("values at the limits are kept exactly", arguments: [
        ("1", "1/1/1900 0:00", "999999999999999.999", 999_999_999_999_999_999 as Int64),
        ("1000000000", "12/31/9999 23:59", "999999.999", 999_999_999_000_000_000),
        ("-1000000000", "2010-12-01 08:26", "0.001", -1_000_000_000),
    ])
    func atTheLimits(quantity: String, date: String, price: String, revenue: Int64) throws {
        let cleaner = try SalesCleaner(rules: CleaningRules(dropNonPositiveQuantity: false))
        let fields = ["536365", "85123A", "HEART", quantity, date, price, "17850", "United Kingdom"]
        guard case .kept(let row) = cleaner.evaluate(fields: fields, line: 2) else {
            Issue.record("\(fields) was not kept")
            return
        }
        #expect(row.revenue == revenue)
        #expect(RawSalesRecord.withFields(fields) { cleaner.rangeViolation($0) } == nil)
    }

    @Test("out-of-range rows of a file are quarantined with their line; the report stays balanced")
    func quarantinePath() throws {
        let rows = [
            "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
            "536366,22633,HAND WARMER,6,12/1/2010 8:28,9223372036854776,17850,United Kingdom",
            "536367,22633,\"SAY \"\"HI\"\"\nTWICE\",6,12/1/2010 8:28,\"9223372036854775.999\",17850,United Kingdom",
            "536368,22633,WARMER,2,12/1/2010 8:28,9223372036854775,17850,United Kingdom",
            "536369,22633,WARMER,2,12/1/2010 8:28,999999999999999,17850,United Kingdom",
            "536370,22633,WARMER,1,0000-12-01 08:28,1.85,17850,United Kingdom",
            "536371,22633,WARMER,99999999999999999999,12/1/2010 8:28,1.85,17850,United Kingdom",
            "536372,22633,OK,6,12/1/2010 8:28,1.85,17850.0,EIRE",
        ]
        let result = try clean(retailCSV(rows))
        let report = result.report
        #expect(result.quarantine.map(\.line) == [3, 4, 6, 7, 8, 9])
        #expect(result.quarantine.allSatisfy { $0.reason == .outOfRange })
        #expect(result.quarantine.map(\.raw) == [rows[1], rows[2], rows[3], rows[4], rows[5], rows[6]])
        #expect(report.quarantined[.outOfRange] == 6)
        #expect(report.rowsRead == 8)
        #expect(report.rowsClean == 2)
        #expect(report.rowsRead == report.rowsClean + report.dropped.total + report.rowsQuarantined)
        #expect(result.table.revenue == [15_300, 11_100])

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try result.write(to: directory.url)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("quality_report.json"))) as? [String: Any]
        #expect((json?["quarantined"] as? [String: Int])?["out_of_range"] == 6)
        #expect(try String(contentsOf: directory.file("quarantine.csv"), encoding: .utf8)
            .contains("\r\n3,out_of_range,\"536366,22633,HAND WARMER,6,12/1/2010 8:28,9223372036854776,17850,United Kingdom\"\r\n"))
    }

    @Test("a table file holding a value outside the limits is refused as damaged", arguments: [
        ("quantity", 1_000_000_001 as Int64),
        ("invoice_ts", SalesLimits.timestamps.lowerBound - 1),
        ("unit_price", Money.max.thousandths + 1),
        ("revenue", Int64.min),
    ])
    func damagedTableFile(column: String, value: Int64) throws {
        var table = SalesTableBinaryTests.sample()
        switch column {
        case "quantity": table.quantity[2] = value
        case "invoice_ts": table.invoiceTs[2] = value
        case "unit_price": table.unitPrice[2] = value
        default: table.revenue[2] = value
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("table.bin")
        try table.write(to: url)
        #expect(throws: SalesTableFileError.corrupt(path: url.path, detail: "\(column) \(value) at row 2 is outside the sales limits")) {
            try SalesTable(contentsOf: url)
        }
    }

    @Test("the limits are the documented numbers")
    func documentedLimits() {
        #expect(Money.max.description == "999999999999999.999")
        #expect(SalesLimits.maxQuantity == 1_000_000_000)
        #expect(SalesLimits.timestamps.lowerBound == DatePattern.isoMicros("1900-01-01 00:00:00"))
        #expect(SalesLimits.timestamps.upperBound == DatePattern.isoMicros("9999-12-31 23:59:59")! + 999_999)
    }
}

/// `ParsedField<Int64>` made `Equatable` for argument tables.
enum ParsedFieldCase: Equatable, Sendable, CustomTestStringConvertible {
    case value(Int64)
    case outOfRange
    case invalid

    init(_ parsed: ParsedField<Int64>) {
        switch parsed {
        case .value(let value): self = .value(value)
        case .outOfRange: self = .outOfRange
        case .invalid: self = .invalid
        }
    }

    var testDescription: String {
        switch self {
        case .value(let value): "value(\(value))"
        case .outOfRange: "outOfRange"
        case .invalid: "invalid"
        }
    }
}

extension DatePattern {
    /// Microseconds of an ISO `yyyy-MM-dd HH:mm:ss` text.
    static func isoMicros(_ text: String) -> Int64? {
        (try? DatePattern("yyyy-MM-dd HH:mm:ss"))?.microseconds(text)
    }
}
