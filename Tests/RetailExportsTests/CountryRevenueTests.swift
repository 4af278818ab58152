import RetailData
import Testing
@testable import RetailExports

@Suite struct CountryRevenueTests {
    @Test func revenueDescendingTiesByCountryBytes() throws {
        let sales = SalesFixture([
            line("1", "A", "x", 1, "2011-01-01 10:00", "5", "100", "France"),
            line("2", "A", "x", 1, "2011-01-01 10:00", "5", "Unknown", "Australia"),
            line("3", "A", "x", 2, "2011-01-01 10:00", "5", "101", "United Kingdom"),
            line("4", "A", "x", 1, "2011-01-01 10:00", "5", "102", "EIRE"),
            line("4", "B", "y", 1, "2011-01-01 10:00", "5", "102", "EIRE"),
        ]).prepared
        let table = try CountryRevenue.table(sales)
        #expect(table.columnNames == ["country", "orders", "customers", "units", "revenue"])
        #expect(table.texts("country") == ["EIRE", "United Kingdom", "Australia", "France"])
        #expect(table.texts("orders") == ["1", "1", "1", "1"])
        #expect(table.texts("customers") == ["1", "1", "0", "1"])
        #expect(table.texts("revenue") == ["10.000", "10.000", "5.000", "5.000"])
    }

    @Test func distinctInvoicesAndCustomersPerCountry() throws {
        let sales = SalesFixture([
            line("1", "A", "x", 1, "2011-01-01 10:00", "1", "100", "Spain"),
            line("1", "B", "x", 1, "2011-01-01 10:00", "1", "100", "Spain"),
            line("2", "A", "x", 1, "2011-01-02 10:00", "1", "100", "Spain"),
            line("3", "A", "x", 1, "2011-01-03 10:00", "1", "101", "Spain"),
            line("4", "A", "x", 1, "2011-01-03 10:00", "1", "Unknown", "Spain"),
            line("5", "A", "x", 1, "2011-01-03 10:00", "1", "100", "Portugal"),
        ]).prepared
        let table = try CountryRevenue.table(sales)
        #expect(table.texts("country") == ["Spain", "Portugal"])
        #expect(table.texts("orders") == ["4", "1"])
        #expect(table.texts("customers") == ["2", "1"])
        #expect(table.texts("units") == ["5", "1"])
    }

    @Test func countryInDictionaryWithoutRowsIsLeftOut() throws {
        var table = SalesFixture([line("1", "A", "x", 1, "2011-01-01 10:00", "1", "100", "Spain")]).table
        table.country.dictionary.append("Nowhere")
        let result = try CountryRevenue.table(try! PreparedSales(table))
        #expect(result.texts("country") == ["Spain"])
    }
}
