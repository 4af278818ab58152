import Testing
@testable import Warehouse

@Suite struct MoneyAndTotalsTests {
    @Test(arguments: [("15.000", 15_000), ("-2.5", -2_500), ("7", 7_000), ("0.001", 1), ("+3.10", 3_100),
                      ("123456789012345.678", 123_456_789_012_345_678)])
    func parsesExactThousandths(text: String, thousandths: Int128) {
        #expect(MoneyText.thousandths(Array(text.utf8)) == thousandths)
    }

    @Test(arguments: ["", "-", "1.2345", "1,5", "1e3", "abc", "1.2.3", "--1"])
    func refusesWhatIsNotADecimalWithThreePlaces(text: String) {
        #expect(MoneyText.thousandths(Array(text.utf8)) == nil)
    }

    @Test(arguments: [(Int128(15_000), "15.000"), (-2_500, "-2.500"), (1, "0.001"), (0, "0.000"), (-7, "-0.007")])
    func formatsThousandths(value: Int128, text: String) {
        #expect(MoneyText.text(value) == text)
    }

    @Test func equalTotalsPass() throws {
        let sent = LoadTotals(rows: 3, sums: [("revenue", 12_345)])
        try sent.verify(database: LoadTotals(rows: 3, sums: [("revenue", 12_345)]), table: "fact_sales")
    }

    @Test func aMissingRowIsAMismatch() {
        let sent = LoadTotals(rows: 3, sums: [("revenue", 12_345)])
        #expect(throws: WarehouseError.mismatch(table: "fact_sales", what: "count(*)", sent: "3", database: "2")) {
            try sent.verify(database: LoadTotals(rows: 2, sums: [("revenue", 12_345)]), table: "fact_sales")
        }
    }

    @Test func aSumOffByOneThousandthIsAMismatch() {
        let sent = LoadTotals(rows: 3, sums: [("unit_price", 10), ("revenue", 12_345)])
        let stored = LoadTotals(rows: 3, sums: [("unit_price", 10), ("revenue", 12_344)])
        #expect(throws: WarehouseError.mismatch(table: "fact_sales", what: "sum(revenue)", sent: "12.345", database: "12.344")) {
            try sent.verify(database: stored, table: "fact_sales")
        }
        let message = WarehouseError.mismatch(table: "fact_sales", what: "sum(revenue)", sent: "12.345", database: "12.344").errorDescription ?? ""
        #expect(message.contains("rolled back"))
    }

    @Test func rowLinesFollowRowsSpanningLines() {
        var lines = RowLines()
        for (row, line) in [(1, 2), (2, 3), (3, 4), (4, 7), (5, 8), (6, 9)] { lines.record(row: row, line: line) }
        #expect((1...6).map { lines.line(ofRow: $0) } == [2, 3, 4, 7, 8, 9])
        #expect(lines.line(ofRow: 0) == nil)
    }
}
