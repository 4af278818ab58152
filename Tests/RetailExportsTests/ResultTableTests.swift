import RetailData
import Testing
@testable import RetailExports

@Suite struct ResultTableTests {
    @Test func rejectsColumnsOfDifferentLengths() {
        #expect(throws: ResultTableError.columnLengthMismatch(table: "t", column: "b", expected: 2, actual: 1)) {
            try ResultTable(name: "t", columns: [ResultColumn("a", .int64([1, 2])), ResultColumn("b", .int32([1]))])
        }
    }

    @Test func rejectsDuplicateColumnNames() {
        #expect(throws: ResultTableError.duplicateColumn(table: "t", column: "a")) {
            try ResultTable(name: "t", columns: [ResultColumn("a", .int64([])), ResultColumn("a", .money([]))])
        }
    }

    @Test func errorMessagesNameTheValue() {
        let error = ResultTableError.columnLengthMismatch(table: "t", column: "b", expected: 2, actual: 1)
        #expect(error.errorDescription == "column 'b' of table 't' has 1 rows, expected 2")
    }

    @Test func everyKindRoundTripsToText() throws {
        let table = try ResultTable(name: "kinds", columns: [
            ResultColumn("s", .strings(["plain", nil])),
            ResultColumn("i", .int64([-9_223_372_036_854_775_807, 0])),
            ResultColumn("n", .int32([Int32.min, 7])),
            ResultColumn("m", .money([-10, 1_234_560])),
            ResultColumn("d", .date([-1, 14_944])),
            ResultColumn("t", .timestamp([
                WallClock.micros(CalendarDay(year: 2010, month: 12, day: 1), hour: 8, minute: 26) + 5,
                WallClock.micros(CalendarDay(year: 2011, month: 12, day: 9), hour: 12, minute: 50, second: 7),
            ])),
        ])
        #expect(table.columns.map(\.kind) == [.string, .int64, .int32, .money, .date, .timestamp])
        #expect(table.csvText == """
            s,i,n,m,d,t
            plain,-9223372036854775807,-2147483648,-0.010,1969-12-31,2010-12-01 08:26:00.000005
            ,0,7,1234.560,2010-12-01,2011-12-09 12:50:07

            """)
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""), ("cr\rhere", "\"cr\rhere\""), ("", "\"\""), ("café ☕", "café ☕"),
    ])
    func rfc4180Quoting(value: String, field: String) throws {
        let table = try ResultTable(name: "q", columns: [ResultColumn("v", .strings([value]))])
        #expect(table.csvText == "v\n\(field)\n")
    }

    @Test func reportsWhetherAColumnHoldsNulls() {
        #expect(ResultColumn("a", .strings(["x", nil])).containsNulls)
        #expect(!ResultColumn("a", .strings(["x", ""])).containsNulls)
        #expect(!ResultColumn("a", .int64([1])).containsNulls)
    }

    @Test func nullStringIsAnEmptyUnquotedField() throws {
        let table = try ResultTable(name: "q", columns: [ResultColumn("a", .strings([nil])), ResultColumn("b", .int64([1]))])
        #expect(table.csvText == "a,b\n,1\n")
    }

    @Test func powerBIFormatHasBOMAndCRLF() throws {
        let table = try ResultTable(name: "p", columns: [ResultColumn("x", .int32([1, 2]))])
        let bytes = table.csvBytes(format: .powerBI)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "x\r\n1\r\n2\r\n")
    }

    @Test func largeTablesStreamInChunksWithSameBytes() throws {
        let count = 80_000
        let padding = String(repeating: "x", count: 20)
        let table = try ResultTable(name: "big", columns: [
            ResultColumn("n", .int64((0..<count).map(Int64.init))),
            ResultColumn("s", .strings((0..<count).map { $0 % 3 == 0 ? nil : "v\($0 % 10)" + padding })),
        ])
        var chunks = 0
        var streamed: [UInt8] = []
        table.encodeCSV(format: .aggregate) { chunks += 1; streamed.append(contentsOf: $0) }
        #expect(chunks > 1)
        #expect(streamed == table.csvBytes(format: .aggregate))
        #expect(streamed.count(where: { $0 == 0x0A }) == count + 1)
        #expect(String(decoding: streamed.suffix(40), as: UTF8.self).hasSuffix("\n79999,v9\(padding)\n"))
    }

    @Test func stringsHelperEncodesInFirstAppearanceOrder() {
        guard case .string(let column) = ColumnValues.strings(["b", "a", nil, "b"]) else {
            Issue.record("not a string column")
            return
        }
        #expect(column.dictionary == ["b", "a"])
        #expect(column.codes == [0, 1, -1, 0])
    }
}
