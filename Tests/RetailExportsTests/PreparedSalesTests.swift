import RetailData
import Testing
@testable import RetailExports

@Suite struct PreparedSalesTests {
    let base = SalesFixture([
        line("1", "A", "x", 1, "2011-01-01 10:00", "1", "100"),
        line("2", "B", nil, 2, "2011-01-02 10:00", "1", "Unknown"),
    ]).table

    @Test func acceptsAValidTable() throws {
        let sales = try PreparedSales(base)
        #expect(sales.unknownCustomer == 1)
        #expect(sales.monthCount == 1)
    }

    @Test func rejectsShortColumn() {
        var table = base
        table.revenue.removeLast()
        #expect(throws: SalesTableError.columnLengthMismatch(column: "revenue", expected: 2, actual: 1)) {
            try PreparedSales(table)
        }
    }

    @Test func rejectsNullInRequiredColumn() {
        var table = base
        table.country.codes[1] = -1
        #expect(throws: SalesTableError.nullValue(column: "country", row: 1)) { try PreparedSales(table) }
    }

    @Test func rejectsCodeOutsideDictionary() {
        var table = base
        table.stockCode.codes[0] = 9
        #expect(throws: SalesTableError.codeOutOfRange(column: "stock_code", row: 0, code: 9)) {
            try PreparedSales(table)
        }
    }

    @Test func rejectsDuplicateDictionaryEntry() {
        var table = base
        table.invoiceNo.dictionary[1] = "1"
        #expect(throws: SalesTableError.duplicateDictionaryEntry(column: "invoice_no", value: "1")) {
            try PreparedSales(table)
        }
        #expect(SalesTableError.duplicateDictionaryEntry(column: "invoice_no", value: "1").errorDescription
            == "sales column 'invoice_no' lists '1' twice in its dictionary")
    }
}
