import Foundation
import Testing
import TestServers
@testable import Warehouse

/// Loads of the retail batch's output into a real PostgreSQL 15 (`PostgresServer.shared`), each
/// test in its own database.
@Suite struct PostgresWarehouseTests {
    static let star = ["dim_date", "dim_product", "dim_customer", "dim_country", "fact_sales"]
    static let aggregates = ["monthly_revenue", "country_revenue", "top_products", "customer_rfm"]

    @Test func loadsEveryStarTableAndAggregateWithKeys() async throws {
        let database = try await WarehouseDatabase.make()
        let out = try BatchOutput.folder()
        let star = try await database.load(out + "/powerbi")
        let aggregates = try await database.load(out + "/aggregates")
        #expect(star.rowsLoaded.map(\.table) == Self.star)
        #expect(aggregates.rowsLoaded.map(\.table) == Self.aggregates)
        for (table, rows) in star.rowsLoaded + aggregates.rowsLoaded {
            let folder = Self.star.contains(table) ? "powerbi" : "aggregates"
            #expect(rows == (try CSVRows.read("\(out)/\(folder)/\(table).csv").count), "\(table)")
            #expect(try database.query("SELECT count(*) FROM \(table)") == [String(rows)], "\(table)")
        }
        #expect(star.rowsLoaded.first { $0.table == "fact_sales" }?.rows ?? 0 > 10_000)
        let constraints = try database.query("""
            SELECT conrelid::regclass::text || ' ' || contype::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace ORDER BY 1
            """)
        #expect(constraints == [
            "country_revenue p PRIMARY KEY (country)",
            "customer_rfm p PRIMARY KEY (customer_id)",
            "dim_country p PRIMARY KEY (country_key)",
            "dim_customer p PRIMARY KEY (customer_key)",
            "dim_date p PRIMARY KEY (date_key)",
            "dim_product p PRIMARY KEY (product_key)",
            "fact_sales f FOREIGN KEY (country_key) REFERENCES dim_country(country_key)",
            "fact_sales f FOREIGN KEY (customer_key) REFERENCES dim_customer(customer_key)",
            "fact_sales f FOREIGN KEY (date_key) REFERENCES dim_date(date_key)",
            "fact_sales f FOREIGN KEY (product_key) REFERENCES dim_product(product_key)",
            "monthly_revenue p PRIMARY KEY (month)",
            "top_products p PRIMARY KEY (stock_code)",
        ])
        let types = try database.query("""
            SELECT column_name || ' ' || data_type || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '')
            FROM information_schema.columns WHERE table_name = 'fact_sales' ORDER BY ordinal_position
            """)
        #expect(types == ["invoice_no text", "date_key bigint(64,0)", "product_key bigint(64,0)", "customer_key bigint(64,0)",
                          "country_key bigint(64,0)", "quantity bigint(64,0)", "unit_price numeric(18,3)", "revenue numeric(18,3)",
                          "invoice_ts timestamp without time zone"])
        #expect(try database.query("SELECT count(*) FROM pg_class WHERE relname LIKE '%__load'") == ["0"])
    }

    @Test func sqlOverTheWarehouseGivesTheAggregatesToTheCent() async throws {
        let database = try await WarehouseDatabase.make()
        let out = try BatchOutput.folder()
        _ = try await database.load(out + "/powerbi")
        func csv(_ name: String, _ columns: [Int]) throws -> [String] {
            try CSVRows.read("\(out)/aggregates/\(name).csv").map { row in columns.map { row[$0] ?? "" }.joined(separator: "|") }
        }
        let monthly = try database.query("""
            SELECT month, count(DISTINCT invoice_no), count(DISTINCT customer_id) FILTER (WHERE is_known), sum(quantity), sum(revenue)
            FROM (SELECT to_char(f.invoice_ts, 'YYYY-MM') AS month, f.*, c.customer_id, c.is_known
                  FROM fact_sales f JOIN dim_customer c USING (customer_key)) s
            GROUP BY month ORDER BY month
            """)
        #expect(monthly == (try csv("monthly_revenue", [0, 1, 2, 3, 4])))
        #expect(monthly.count >= 12)
        let countries = try database.query("""
            SELECT k.country, count(DISTINCT f.invoice_no), count(DISTINCT c.customer_id) FILTER (WHERE c.is_known), sum(f.quantity), sum(f.revenue)
            FROM fact_sales f JOIN dim_country k USING (country_key) JOIN dim_customer c USING (customer_key)
            GROUP BY k.country ORDER BY sum(f.revenue) DESC, k.country
            """)
        #expect(countries == (try csv("country_revenue", [0, 1, 2, 3, 4])))
        let products = try database.query("""
            SELECT p.stock_code, sum(f.quantity), sum(f.revenue), count(DISTINCT f.invoice_no)
            FROM fact_sales f JOIN dim_product p USING (product_key)
            GROUP BY p.stock_code ORDER BY sum(f.revenue) DESC, p.stock_code LIMIT 100
            """)
        #expect(products == (try csv("top_products", [0, 2, 3, 4])))
        #expect(products.count == 100)
    }

    @Test func aSecondRunLeavesIdenticalTables() async throws {
        let database = try await WarehouseDatabase.make()
        let out = try BatchOutput.folder()
        _ = try await database.load(out + "/powerbi")
        _ = try await database.load(out + "/aggregates")
        let first = try database.fingerprint(Self.star + Self.aggregates)
        let firstConstraints = try database.query("SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")
        _ = try await database.load(out + "/powerbi")
        _ = try await database.load(out + "/aggregates")
        #expect(try database.fingerprint(Self.star + Self.aggregates) == first)
        #expect(try database.query("SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace") == firstConstraints)
        #expect(first.allSatisfy { !$0.hasSuffix(":0:") })
    }

    @Test func aCorruptRowInTheLastFileLeavesThePreviousTables() async throws {
        let database = try await WarehouseDatabase.make()
        _ = try await database.load(try BatchOutput.folder() + "/powerbi")
        let before = try database.fingerprint(Self.star)
        let copy = try BatchOutput.copy()
        // A changed dimension first, then fact_sales (loaded last) with a bad quantity on line 9000.
        try Self.edit(copy + "/powerbi/dim_country.csv") { lines in lines[1] = lines[1].replacingOccurrences(of: ",", with: ",Changed ") }
        try Self.edit(copy + "/powerbi/fact_sales.csv") { lines in
            var fields = lines[8999].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[5] = "12x"
            lines[8999] = fields.joined(separator: ",")
        }
        do {
            _ = try await database.load(copy + "/powerbi")
            Issue.record("the corrupt load succeeded")
        } catch let error as WarehouseError {
            let message = error.errorDescription ?? ""
            #expect(message.contains("table fact_sales"), "\(message)")
            #expect(message.contains(copy + "/powerbi/fact_sales.csv:9000"), "\(message)")
            #expect(message.contains("12x"), "\(message)")
        }
        #expect(try database.fingerprint(Self.star) == before)
        #expect(try database.query("SELECT count(*) FROM pg_class WHERE relname LIKE '%__load'") == ["0"])
    }

    @Test func aLoadKilledMidCopyLeavesThePreviousTables() async throws {
        let database = try await WarehouseDatabase.make()
        _ = try await database.load(try BatchOutput.folder() + "/powerbi")
        let before = try database.fingerprint(Self.star)
        let copy = try BatchOutput.copy()
        try Self.edit(copy + "/powerbi/fact_sales.csv") { lines in
            let rows = lines.dropFirst().filter { !$0.isEmpty }
            lines = [lines[0]] + Array(repeating: rows, count: 30).flatMap { $0 } + [""]
        }
        let load = Task { try await database.load(copy + "/powerbi") }
        let copying = """
            SELECT a.pid FROM pg_stat_activity a JOIN pg_stat_progress_copy p USING (pid)
            WHERE a.datname = '\(database.name)' AND a.query LIKE 'COPY "fact_sales__load"%' AND p.tuples_processed > 0
            """
        let deadline = ContinuousClock.now + .seconds(60)
        var pid: String?
        while pid == nil, ContinuousClock.now < deadline {
            pid = try database.query(copying).first
            if pid == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let killed = try #require(pid, "never saw the COPY of fact_sales running")
        #expect(try database.query("SELECT pg_terminate_backend(\(killed))") == ["t"])
        await #expect(throws: WarehouseError.self) { try await load.value }
        #expect(try database.fingerprint(Self.star) == before)
        #expect(try database.query("SELECT count(*) FROM pg_class WHERE relname LIKE '%__load'") == ["0"])
    }

    @Test func appendAddsRowsAndUnknownTablesAreText() async throws {
        let database = try await WarehouseDatabase.make()
        let folder = NSTemporaryDirectory() + "wh-events-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id,name\n1,alpha\n2,\n3,\"\"\n".write(toFile: folder + "/events.csv", atomically: true, encoding: .utf8)
        for _ in 0..<2 { _ = try await database.load(folder, schema: "raw", mode: .append) }
        #expect(try database.query("SELECT count(*), count(name), count(*) FILTER (WHERE name = '') FROM raw.events") == ["6|4|2"])
        #expect(try database.query("SELECT string_agg(data_type, ',') FROM information_schema.columns WHERE table_name = 'events'") == ["text,text"])
        _ = try await database.load(folder, schema: "raw", mode: .replace)
        #expect(try database.query("SELECT count(*) FROM raw.events") == ["3"])
    }

    @Test func replacingDimensionsKeepsTheFactsKeys() async throws {
        let database = try await WarehouseDatabase.make()
        let out = try BatchOutput.folder()
        _ = try await database.load(out + "/powerbi")
        _ = try await database.load(out + "/powerbi", named: ["dim_country"])
        #expect(try database.query("SELECT count(*) FROM pg_constraint WHERE conrelid = 'fact_sales'::regclass AND contype = 'f'") == ["4"])
        let copy = try BatchOutput.copy()
        try Self.edit(copy + "/powerbi/dim_country.csv") { lines in lines = Array(lines.prefix(2)) + [""] }
        await #expect(throws: WarehouseError.self) { try await database.load(copy + "/powerbi", named: ["dim_country"]) }
        #expect(try database.query("SELECT count(*) > 1 FROM dim_country") == ["t"])
    }

    @Test func aWrongPasswordFailsWithoutShowingIt() async throws {
        let database = try await WarehouseDatabase.make()
        var url = database.url
        url.password = "wrong-password-123"
        do {
            _ = try await PostgresWarehouse(url: url).load(LoadRequest(tables: try SourceFolder.tables(at: try BatchOutput.folder() + "/aggregates",
                                                                                                      named: nil, preferring: .csv)))
            Issue.record("a wrong password connected")
        } catch {
            let message = (error as? WarehouseError)?.errorDescription ?? "\(error)"
            #expect(message.contains("password authentication failed"), "\(message)")
            #expect(!message.contains("wrong-password-123"))
            #expect(!message.contains(database.server.password))
        }
    }

    /// Rewrites the lines (split on CRLF or LF, written back with the same ending) of the file at `path`.
    static func edit(_ path: String, _ change: (inout [String]) -> Void) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let ending = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: ending)
        change(&lines)
        try lines.joined(separator: ending).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
