import Foundation
import Testing
@testable import RetailExports

@Suite struct PowerBITests {
    static let sales = SalesFixture([
        line("536365", "85123A", "WHITE HANGING HEART", 6, "2010-12-01 08:26", "2.55", "17850", "United Kingdom"),
        line("536365", "71053", "WHITE METAL LANTERN", 6, "2010-12-01 08:26", "3.39", "17850", "United Kingdom"),
        line("536366", "22633", "HAND WARMER, \"UNION JACK\"", 6, "2010-12-01 08:28", "1.85", "Unknown", "France"),
        line("536367", "85123A", nil, 1, "2011-02-14 17:05", "2.95", "12583", "France"),
        line("536368", "71053", "WHITE METAL LANTERN", 2, "2011-02-14 17:06", "3.39", "12583", "Germany"),
    ]).prepared

    @Test func factKeysAllExistInTheirDimensions() throws {
        let tables = try PowerBITables(Self.sales)
        let fact = tables.factSales
        #expect(fact.columnNames == [
            "invoice_no", "date_key", "product_key", "customer_key", "country_key", "quantity", "unit_price",
            "revenue", "invoice_ts",
        ])
        #expect(fact.rowCount == 5)
        let pairs: [(String, ResultTable)] = [
            ("date_key", tables.dimDate), ("product_key", tables.dimProduct),
            ("customer_key", tables.dimCustomer), ("country_key", tables.dimCountry),
        ]
        for (key, dimension) in pairs {
            let known = Set(dimension.column(key)!.int32Values!)
            #expect(known.count == dimension.rowCount, "\(key) is unique in \(dimension.name)")
            #expect(Set(fact.column(key)!.int32Values!).isSubset(of: known), "\(key) of fact_sales")
        }
    }

    @Test func dimensionsUseSortedNaturalKeysAndUnknownIsZero() throws {
        let tables = try PowerBITables(Self.sales)
        #expect(tables.dimProduct.texts("stock_code") == ["22633", "71053", "85123A"])
        #expect(tables.dimProduct.texts("product_key") == ["1", "2", "3"])
        #expect(tables.dimProduct.texts("description") == [
            "HAND WARMER, \"UNION JACK\"", "WHITE METAL LANTERN", "WHITE HANGING HEART",
        ])
        #expect(tables.dimProduct.texts("min_unit_price") == ["1.850", "3.390", "2.550"])
        #expect(tables.dimProduct.texts("max_unit_price") == ["1.850", "3.390", "2.950"])
        #expect(tables.dimCustomer.texts("customer_id") == ["Unknown", "12583", "17850"])
        #expect(tables.dimCustomer.texts("customer_key") == ["0", "1", "2"])
        #expect(tables.dimCustomer.texts("is_known") == ["false", "true", "true"])
        // 12583 bought once in France and once in Germany: the tie goes to the smaller name.
        #expect(tables.dimCustomer.texts("country") == [nil, "France", "United Kingdom"])
        #expect(tables.dimCountry.texts("country") == ["France", "Germany", "United Kingdom"])
        #expect(tables.factSales.texts("customer_key") == ["2", "2", "0", "1", "1"])
        #expect(tables.factSales.texts("country_key") == ["3", "3", "1", "1", "2"])
        #expect(tables.factSales.texts("product_key") == ["3", "2", "1", "3", "2"])
        #expect(tables.factSales.texts("date_key") == ["20101201", "20101201", "20101201", "20110214", "20110214"])
    }

    @Test func unknownCustomerIsListedEvenWithoutUnknownRows() throws {
        let sales = SalesFixture([line("1", "A", "a", 1, "2011-05-05 10:00", "1", "100")]).prepared
        let customers = try PowerBITables(sales).dimCustomer
        #expect(customers.texts("customer_id") == ["Unknown", "100"])
        #expect(customers.texts("customer_key") == ["0", "1"])
    }

    @Test func dateDimensionCoversWholeMonths() throws {
        let dates = try PowerBITables(Self.sales).dimDate
        #expect(dates.rowCount == 31 + 31 + 28)  // December 2010 to February 2011
        let keys = dates.column("date_key")!.int32Values!
        #expect(keys.first == 20_101_201)
        #expect(keys.last == 20_110_228)
        #expect(dates.columnNames == [
            "date_key", "date", "year", "quarter", "month", "month_name", "year_month", "day", "weekday",
            "weekday_number", "is_weekend",
        ])
        let csv = String(decoding: dates.csvBytes(format: .powerBI).dropFirst(3), as: UTF8.self)
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows[1] == "20101201,2010-12-01,2010,4,12,December,2010-12,1,Wednesday,3,false")
        #expect(rows[4] == "20101204,2010-12-04,2010,4,12,December,2010-12,4,Saturday,6,true")
        #expect(rows[90] == "20110228,2011-02-28,2011,1,2,February,2011-02,28,Monday,1,false")
    }

    @Test func factCSVIsBOMCRLFWithQuotedText() throws {
        let bytes = try PowerBITables(Self.sales).factSales.csvBytes(format: .powerBI)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows[0] == "invoice_no,date_key,product_key,customer_key,country_key,quantity,unit_price,revenue,invoice_ts")
        #expect(rows[1] == "536365,20101201,3,2,3,6,2.550,15.300,2010-12-01 08:26:00")
        #expect(rows.last == "")
    }

    @Test func writesFiveCSVFilesAndReadme() throws {
        let directory = try TemporaryDirectory()
        try PowerBIExport.write(try PowerBITables(Self.sales), to: directory.output)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(names == [
            "README.md", "dim_country.csv", "dim_customer.csv", "dim_date.csv", "dim_product.csv", "fact_sales.csv",
        ])
        let readme = try String(contentsOf: directory.url.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("Get Data → Text/CSV"))
        #expect(readme.contains("many-to-one"))
        let header = try Data(contentsOf: directory.url.appendingPathComponent("dim_country.csv"))
        #expect(Array(header) == Array("\u{FEFF}country_key,country\r\n1,France\r\n2,Germany\r\n3,United Kingdom\r\n".utf8))
    }
}
