import Foundation
import Testing
@testable import RetailExports

@Suite struct DeterminismTests {
    /// The same rows twice, the second time in another row order (so the dictionaries differ).
    static let lines = [
        line("536365", "85123A", "WHITE HANGING HEART", 6, "2010-12-01 08:26", "2.55", "17850", "United Kingdom"),
        line("536366", "22633", "HAND WARMER", 6, "2010-12-01 08:28", "1.85", "Unknown", "France"),
        line("536367", "85123A", nil, 1, "2011-02-14 17:05", "2.95", "12583", "France"),
        line("536368", "71053", "WHITE METAL LANTERN", 2, "2011-02-14 17:06", "3.39", "12583", "Germany"),
        line("536369", "71053", "LANTERN", 2, "2011-03-01 07:00", "3.39", "13047", "Germany"),
    ]

    static func files(in root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            result[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return result
    }

    @Test func sameInputGivesSameBytes() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try BatchExports(SalesFixture(Self.lines).prepared).write(to: first.output)
        try BatchExports(SalesFixture(Self.lines).prepared).write(to: second.output)
        let a = try Self.files(in: first.url)
        let b = try Self.files(in: second.url)
        #expect(a.count == 12)
        #expect(a == b)
    }

    @Test func dictionaryOrderDoesNotChangeAggregatesOrDimensions() throws {
        let forward = try BatchExports(SalesFixture(Self.lines).prepared)
        let backward = try BatchExports(SalesFixture(Self.lines.reversed()).prepared)
        for (a, b) in zip(forward.aggregates.tables, backward.aggregates.tables) {
            #expect(a.csvBytes(format: .aggregate) == b.csvBytes(format: .aggregate), "\(a.name)")
        }
        for (a, b) in zip(forward.powerBI.tables.dropFirst(), backward.powerBI.tables.dropFirst()) {
            #expect(a.csvBytes(format: .powerBI) == b.csvBytes(format: .powerBI), "\(a.name)")
        }
    }

    @Test func standardLayout() throws {
        let root = try TemporaryDirectory()
        try BatchExports(SalesFixture(Self.lines).prepared).write(to: root.output)
        let names = try Self.files(in: root.url).keys.sorted()
        #expect(names == [
            "/aggregates/country_revenue.csv", "/aggregates/customer_rfm.csv", "/aggregates/monthly_revenue.csv",
            "/aggregates/top_products.csv", "/emr/create_tables.sql", "/emr/zeppelin_note.zpln",
            "/powerbi/README.md", "/powerbi/dim_country.csv", "/powerbi/dim_customer.csv", "/powerbi/dim_date.csv",
            "/powerbi/dim_product.csv", "/powerbi/fact_sales.csv",
        ])
    }
}
