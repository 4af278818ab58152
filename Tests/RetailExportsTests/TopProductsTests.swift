import RetailData
import Testing
@testable import RetailExports

@Suite struct TopProductsTests {
    @Test func descriptionIsMostFrequentThenSmallestString() throws {
        let sales = SalesFixture([
            line("1", "A", "WHITE MUG", 1, "2011-01-01 10:00", "1"),
            line("2", "A", "white mug", 1, "2011-01-01 10:00", "1"),
            line("3", "A", "WHITE MUG", 1, "2011-01-01 10:00", "1"),
            line("4", "A", "white mug", 1, "2011-01-01 10:00", "1"),
            line("5", "A", nil, 1, "2011-01-01 10:00", "1"),
            line("6", "A", nil, 1, "2011-01-01 10:00", "1"),
            line("6", "A", nil, 1, "2011-01-01 10:00", "1"),
            line("1", "B", "zebra", 1, "2011-01-01 10:00", "1"),
            line("1", "B", "apple", 1, "2011-01-01 10:00", "1"),
            line("2", "B", "zebra", 1, "2011-01-01 10:00", "1"),
            line("1", "C", nil, 1, "2011-01-01 10:00", "1"),
        ]).prepared
        let table = try TopProducts.table(sales)
        #expect(table.texts("stock_code") == ["A", "B", "C"])
        // A: two each, nulls ignored, "WHITE MUG" < "white mug" in byte order.
        #expect(table.texts("description") == ["WHITE MUG", "zebra", nil])
        #expect(table.texts("orders") == ["6", "2", "1"])
        #expect(table.csvText.hasSuffix("C,,1,1.000,1\n"))
    }

    @Test func orderedByRevenueThenStockCodeAndLimited() throws {
        var lines: [SalesFixture.Line] = []
        for index in 0..<120 {
            let revenue = index % 7  // many ties
            lines.append(line("INV\(index)", "S\(1000 + (index * 37) % 120)", "d", Int64(revenue + 1), "2011-01-01 10:00", "1"))
        }
        let sales = SalesFixture(lines).prepared
        let table = try TopProducts.table(sales)
        #expect(table.rowCount == 100)
        let codes = table.texts("stock_code").map { $0! }
        let revenue = table.column("revenue")!.int64Values!
        for index in 1..<codes.count {
            let before = (revenue[index - 1], codes[index - 1])
            let after = (revenue[index], codes[index])
            #expect(before.0 > after.0 || (before.0 == after.0 && before.1 < after.1))
        }
        #expect(try TopProducts.table(sales, limit: 3).rowCount == 3)
    }
}
