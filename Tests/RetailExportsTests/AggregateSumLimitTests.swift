import RetailData
import Testing
@testable import RetailExports

/// Issue 9: sums of valid rows that do not fit their output column are an error naming the table,
/// the group and the exact sum, never a wrapped total or a trap.
@Suite struct AggregateSumLimitTests {
    /// `count` rows of quantity 1 at `price`, for customer 100 in France, stock code P, January 2011.
    static func sales(_ count: Int, price: String) -> PreparedSales {
        SalesFixture((0..<count).map { line("\($0)", "P", "p", 1, "2011-01-05 10:00", price, "100", "France") }).prepared
    }

    static let tooLarge = [
        // Two of the largest prices: over DECIMAL(18,3), still inside 64 bits.
        (2, "999999999999999.999", "1999999999999999.998"),
        // Ten rows past Int64.max thousandths: a wrapping sum would have turned negative.
        (10, "922337203685477.581", "9223372036854775.810"),
    ]

    @Test(arguments: tooLarge)
    func monthlyRevenueNamesTheMonth(count: Int, price: String, sum: String) {
        #expect(throws: AggregateError.sumOutOfRange(table: "monthly_revenue", group: "2011-01", measure: "revenue",
                                                     sum: sum, limit: "999999999999999.999")) {
            try MonthlyRevenue.table(Self.sales(count, price: price))
        }
    }

    @Test(arguments: tooLarge)
    func countryRevenueNamesTheCountry(count: Int, price: String, sum: String) {
        #expect(throws: AggregateError.sumOutOfRange(table: "country_revenue", group: "France", measure: "revenue",
                                                     sum: sum, limit: "999999999999999.999")) {
            try CountryRevenue.table(Self.sales(count, price: price))
        }
    }

    @Test(arguments: tooLarge)
    func topProductsNamesTheStockCode(count: Int, price: String, sum: String) {
        #expect(throws: AggregateError.sumOutOfRange(table: "top_products", group: "P", measure: "revenue",
                                                     sum: sum, limit: "999999999999999.999")) {
            try TopProducts.table(Self.sales(count, price: price))
        }
    }

    @Test(arguments: tooLarge)
    func customerRFMNamesTheCustomer(count: Int, price: String, sum: String) {
        #expect(throws: AggregateError.sumOutOfRange(table: "customer_rfm", group: "100", measure: "monetary",
                                                     sum: sum, limit: "999999999999999.999")) {
            try CustomerRFM.table(Self.sales(count, price: price))
        }
        #expect(throws: AggregateError.self) { try BatchExports(Self.sales(count, price: price)) }
    }

    @Test func theLargestSumThatFitsIsExact() throws {
        let sales = Self.sales(9, price: "111111111111111.111")
        #expect(try MonthlyRevenue.table(sales).texts("revenue") == ["999999999999999.999"])
        #expect(try CountryRevenue.table(sales).texts("revenue") == ["999999999999999.999"])
        #expect(try TopProducts.table(sales).texts("revenue") == ["999999999999999.999"])
        #expect(try CustomerRFM.table(sales).texts("monetary") == ["999999999999999.999"])
    }

    @Test func theErrorMessageNamesTableGroupAndSum() {
        let error = AggregateError.sumOutOfRange(table: "monthly_revenue", group: "2011-01", measure: "revenue",
                                                 sum: "1999999999999999.998", limit: "999999999999999.999")
        #expect(error.errorDescription == "monthly_revenue: revenue of '2011-01' sums to 1999999999999999.998, "
            + "outside the column's range (at most 999999999999999.999 in magnitude)")
    }

    @Test func unitSumsPast64BitsAreAnError() throws {
        var sums = GroupSums(groupCount: 2)
        sums.add(Int64.max, to: 1)
        sums.add(1, to: 1)
        sums.add(5, to: 0)
        #expect(throws: AggregateError.sumOutOfRange(table: "t", group: "g1", measure: "units",
                                                     sum: "9223372036854775808", limit: "9223372036854775807")) {
            try sums.narrowed([0, 1], measure: .units, name: "units", table: "t") { "g\($0)" }
        }
        #expect(try sums.narrowed([0], measure: .units, name: "units", table: "t") { "g\($0)" } == [5])
    }

    @Test("Power BI: a SUM measure that could overflow a Fixed Decimal is refused", arguments: [
        // unit_price totals 1,000,000,000,000,000 over two rows.
        (1, ["500000000000000", "500000000000000"], "unit_price", "1000000000000000.000"),
        // One row whose revenue, 2 × 461168601842739, is just past 922,337,203,685,477.5807.
        (2, ["461168601842739"], "revenue", "922337203685478.000"),
    ])
    func powerBITotals(quantity: Int64, prices: [String], column: String, total: String) {
        let sales = SalesFixture(prices.enumerated().map { line("\($0)", "P", "p", quantity, "2011-01-05 10:00", $1) }).prepared
        #expect(throws: AggregateError.powerBITotalOutOfRange(column: column, total: total, limit: "922337203685477.580")) {
            try PowerBITables(sales)
        }
    }

    @Test func powerBIAcceptsTotalsUpToTheFixedDecimalLimit() throws {
        let sales = SalesFixture([
            line("1", "P", "p", 2, "2011-01-05 10:00", "461168601842738.790"),
        ]).prepared
        #expect(try PowerBITables(sales).factSales.texts("revenue") == ["922337203685477.580"])
    }

    @Test("a table with a value outside the sales limits is refused before aggregating", arguments: [
        ("quantity", 1_000_000_001 as Int64),
        ("unit_price", 1_000_000_000_000_000_000),
        ("revenue", -1_000_000_000_000_000_000),
        ("invoice_ts", WallClock.micros(CalendarDay(year: 0, month: 1, day: 1))),
        ("invoice_ts", WallClock.micros(CalendarDay(year: 1899, month: 12, day: 31), hour: 23, minute: 59)),
    ])
    func outOfRangeTable(column: String, value: Int64) {
        var table = SalesFixture([
            line("1", "P", "p", 1, "2011-01-05 10:00", "1"),
            line("2", "P", "p", 1, "2011-01-05 10:00", "1"),
        ]).table
        switch column {
        case "quantity": table.quantity[1] = value
        case "unit_price": table.unitPrice[1] = value
        case "revenue": table.revenue[1] = value
        default: table.invoiceTs[1] = value
        }
        #expect(throws: SalesTableError.valueOutOfRange(column: column, row: 1, value: value)) {
            try PreparedSales(table)
        }
    }
}
