import Foundation
import Testing
import TestServers

/// The batch pipeline followed by `warehouse_load` of `powerbi/` and `aggregates/` into a real
/// PostgreSQL 15, with the URL (and its password) only in `ORCHESTRATOR_WAREHOUSE_URL`.
@Suite struct WarehouseLoadTests {
    @Test func batchThenWarehouseLoadKeepsThePasswordOutOfTheState() async throws {
        let server = try await PostgresServer.shared()
        let database = "e2e_" + UUID().uuidString.prefix(8).lowercased()
        let url = try server.createDatabase(database)
        let cli = try CLI()
        let batch = try String(contentsOfFile: TestPython.repository + "/workflows/batch.yaml", encoding: .utf8)
        try cli.write("platform.yaml", batch + """

          - id: load_powerbi
            type: warehouse_load
            depends_on: [export_powerbi]
            source: ${params.out}/powerbi

          - id: load_aggregates
            type: warehouse_load
            depends_on: [aggregate, load_powerbi]
            source: ${params.out}/aggregates
            tables: [monthly_revenue, country_revenue, top_products, customer_rfm]

        """)
        let result = try cli.run(["run", "platform.yaml", "--param", "rows=5000", "--param", "out=out", "--param", "source=out/raw.csv"],
                                 environment: ["ORCHESTRATOR_WAREHOUSE_URL": url])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let facts = try server.psql("SELECT count(*) FROM fact_sales", database: database)
        #expect((Int(facts.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 1000)
        #expect(try server.psql("SELECT count(*) FROM monthly_revenue", database: database).trimmingCharacters(in: .whitespacesAndNewlines) != "0")

        var leaks: [String] = []
        let state = cli.folder + "/state"
        let files = FileManager.default.enumerator(atPath: state)
        var looked = 0
        while let entry = files?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: state + "/" + entry) else { continue }
            looked += 1
            if data.range(of: Data(server.password.utf8)) != nil { leaks.append(entry) }
        }
        #expect(looked > 2)
        #expect(leaks.isEmpty, "the password is in \(leaks)")
    }
}
