import RetailData
import Testing
@testable import RetailExports

@Suite struct CustomerRFMTests {
    /// Seven known customers (7 mod 5 = 2: bucket sizes 2,2,1,1,1) and one later Unknown sale that
    /// moves the reference date to 2011-12-13.
    static let sales = SalesFixture([
        line("A1", "P", "p", 1, "2011-12-09 10:00", "10", "100"),
        line("B1", "P", "p", 1, "2011-06-01 10:00", "10", "101"),
        line("B2", "P", "p", 1, "2011-07-01 10:00", "10", "101"),
        line("B3", "P", "p", 1, "2011-12-01 10:00", "10", "101"),
        line("C1", "P", "p", 1, "2011-12-09 10:00", "2", "102"),
        line("C2", "P", "p", 1, "2011-12-01 10:00", "3", "102"),
        line("D1", "P", "p", 1, "2011-11-01 10:00", "10", "103"),
        line("E1", "P", "p", 1, "2011-12-01 10:00", "10", "104"),
        line("E1", "Q", "q", 1, "2011-12-01 10:00", "10", "104"),
        line("E2", "P", "p", 1, "2011-02-01 10:00", "20", "104"),
        line("E3", "P", "p", 1, "2011-03-01 10:00", "20", "104"),
        line("E4", "P", "p", 1, "2011-04-01 10:00", "20", "104"),
        line("E5", "P", "p", 1, "2011-05-01 10:00", "20", "104"),
        line("F1", "P", "p", 1, "2011-01-01 10:00", "1", "105"),
        line("G1", "P", "p", 1, "2011-12-10 08:00", "5", "106"),
        line("G2", "P", "p", 1, "2011-12-10 09:00", "5", "106"),
        line("U1", "P", "p", 1, "2011-12-12 18:00", "1", "Unknown"),
    ]).prepared

    @Test func knownCustomersOnlyOrderedById() throws {
        let table = try CustomerRFM.table(Self.sales)
        #expect(table.columnNames == [
            "customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment",
        ])
        #expect(table.texts("customer_id") == ["100", "101", "102", "103", "104", "105", "106"])
    }

    @Test func recencyFromDayAfterLastInvoiceOfAllRows() throws {
        let table = try CustomerRFM.table(Self.sales)
        #expect(table.texts("recency_days") == ["4", "12", "4", "42", "12", "346", "3"])
        #expect(table.texts("frequency") == ["1", "3", "2", "1", "5", "1", "2"])
        #expect(table.texts("monetary") == ["10.000", "30.000", "5.000", "10.000", "100.000", "1.000", "10.000"])
    }

    @Test func quintilesLikeNtileWithIdTieBreak() throws {
        let table = try CustomerRFM.table(Self.sales)
        // r: 105,103 | 101,104 (tie on 12 days: id order) | 100 | 102 | 106
        #expect(table.texts("r_score") == ["3", "2", "4", "1", "2", "1", "5"])
        // f: 100,103 | 105,102 | 106 | 101 | 104
        #expect(table.texts("f_score") == ["1", "4", "2", "1", "5", "2", "3"])
        // m: 105,102 | 100,103 | 106 | 101 | 104
        #expect(table.texts("m_score") == ["2", "4", "1", "2", "5", "1", "3"])
        #expect(table.texts("segment") == [
            "about_to_sleep", "at_risk", "potential_loyalists", "hibernating", "cant_loose", "hibernating",
            "potential_loyalists",
        ])
    }

    @Test func fewerCustomersThanBuckets() throws {
        let sales = SalesFixture([
            line("1", "P", "p", 1, "2011-01-01 10:00", "1", "300"),
            line("2", "P", "p", 1, "2011-01-01 10:00", "1", "200"),
            line("3", "P", "p", 1, "2011-01-01 10:00", "1", "100"),
        ]).prepared
        let table = try CustomerRFM.table(sales)
        #expect(table.texts("customer_id") == ["100", "200", "300"])
        // All tied: the scores follow customer id.
        #expect(table.texts("r_score") == ["1", "2", "3"])
        #expect(table.texts("f_score") == ["1", "2", "3"])
        #expect(table.texts("m_score") == ["1", "2", "3"])
        #expect(table.texts("recency_days") == ["1", "1", "1"])
    }

    @Test func onlyUnknownCustomersGiveNoRows() throws {
        let sales = SalesFixture([line("1", "P", "p", 1, "2011-01-01 10:00", "1")]).prepared
        #expect(try CustomerRFM.table(sales).rowCount == 0)
    }
}
