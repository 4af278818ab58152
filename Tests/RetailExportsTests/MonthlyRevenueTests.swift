import RetailData
import Testing
@testable import RetailExports

@Suite struct MonthlyRevenueTests {
    let sales = SalesFixture([
        line("536365", "A", "Alpha", 2, "2010-12-01 08:26", "2.55", "17850"),
        line("536365", "B", "Beta", 1, "2010-12-01 08:26", "1.000", "17850"),
        line("536366", "A", "Alpha", 3, "2010-12-31 23:59", "2.55", "Unknown"),
        line("536367", "A", "Alpha", 1, "2011-01-01 00:00", "2.55", "13047"),
        line("536368", "B", "Beta", 4, "2011-01-15 12:00", "0.001", "17850"),
        line("536369", "B", "Beta", 5, "2011-03-02 09:00", "10", "Unknown"),
    ]).prepared

    @Test func columnsAndKinds() throws {
        let table = try MonthlyRevenue.table(sales)
        #expect(table.name == "monthly_revenue")
        #expect(table.columnNames == ["month", "orders", "customers", "units", "revenue"])
        #expect(table.columns.map(\.kind) == [.string, .int64, .int64, .int64, .money])
    }

    @Test func distinctCountsPerMonthSkipUnknownAndEmptyMonths() throws {
        let table = try MonthlyRevenue.table(sales)
        #expect(table.texts("month") == ["2010-12", "2011-01", "2011-03"])
        #expect(table.texts("orders") == ["2", "2", "1"])
        #expect(table.texts("customers") == ["1", "2", "0"])
        #expect(table.texts("units") == ["6", "5", "5"])
        #expect(table.texts("revenue") == ["13.750", "2.554", "50.000"])
    }

    @Test func csvIsLFWithThreeDecimals() throws {
        #expect(try MonthlyRevenue.table(sales).csvText == """
            month,orders,customers,units,revenue
            2010-12,2,1,6,13.750
            2011-01,2,2,5,2.554
            2011-03,1,0,5,50.000

            """)
    }

    @Test func invoiceSpanningTwoMonthsCountsInBoth() throws {
        let sales = SalesFixture([
            line("1", "A", "x", 1, "2011-01-31 23:59", "1", "100"),
            line("1", "A", "x", 1, "2011-02-01 00:01", "1", "100"),
        ]).prepared
        let table = try MonthlyRevenue.table(sales)
        #expect(table.texts("orders") == ["1", "1"])
        #expect(table.texts("customers") == ["1", "1"])
    }

    @Test func emptyTableGivesNoRows() throws {
        let table = try MonthlyRevenue.table(SalesFixture().prepared)
        #expect(table.rowCount == 0)
        #expect(table.csvText == "month,orders,customers,units,revenue\n")
    }
}
