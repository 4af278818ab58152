import Foundation
import Testing
import TestServers

/// `workflows/batch_platform.yaml` as shipped, against a real moto_server and a real PostgreSQL 15:
/// the lake lands in the bucket with `_SUCCESS` and the EMR DDL pointing at it, the star schema and
/// aggregates land in the warehouse with the pipeline's revenue, a second run changes nothing, and
/// no credential is written anywhere in the state folder.
@Suite(.serialized) struct BatchPlatformTests {
    @Test func theBatchReachesTheLakeAndTheWarehouseAndASecondRunChangesNothing() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try moto.createBucket("retail-lake")
        let postgres = try await PostgresServer.shared()
        let database = "platform_" + UUID().uuidString.prefix(8).lowercased()
        _ = try postgres.createDatabase(database)
        let cli = try CLI()
        let sessionToken = "SESSION-TOKEN-\(UUID().uuidString)"
        var environment = moto.clientEnvironment
        environment["AWS_SESSION_TOKEN"] = sessionToken
        environment["ORCHESTRATOR_WAREHOUSE_URL"] = "postgres://\(PostgresServer.user)@127.0.0.1:\(postgres.port)/\(database)"
        environment["PGPASSWORD"] = postgres.password
        let arguments = ["run", TestPython.repository + "/workflows/batch_platform.yaml", "--json",
                         "--param", "source=\(cli.folder)/raw.csv", "--param", "out=\(cli.folder)/out", "--param", "rows=20000",
                         "--param", "s3_uri=s3://retail-lake/retail"]

        let first = try cli.run(arguments, environment: environment)
        #expect(first.status == 0, "\(first.stdout.suffix(3000))\n\(first.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let tasks = try #require(run["tasks"] as? [[String: Any]])
        func outputs(_ id: String) -> [String: String] {
            tasks.first { $0["id"] as? String == id }?["outputs"] as? [String: String] ?? [:]
        }
        #expect(Int(outputs("sync_emr")["objects_uploaded"] ?? "") ?? 0 > 10, "\(outputs("sync_emr"))")
        #expect(Int(outputs("load_powerbi")["rows_loaded"] ?? "") ?? 0 > 19_000, "\(outputs("load_powerbi"))")

        // The lake: every local file is in the bucket, the DDL points at it.
        let keys = try moto.boto3("""
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket="retail-lake", Prefix="retail/")
            print("\\n".join(sorted(o["Key"] for page in pages for o in page.get("Contents", []))))
            """).split(separator: "\n").map(String.init)
        #expect(keys.contains("retail/emr/sales/_SUCCESS"), "\(keys.prefix(10))")
        #expect(keys.contains("retail/aggregates/monthly_revenue.csv") && keys.contains("retail/powerbi/fact_sales.csv"), "\(keys)")
        #expect(keys.contains { $0.hasPrefix("retail/emr/sales/year=2011/month=") && $0.hasSuffix(".parquet") })
        let ddl = try String(contentsOfFile: cli.folder + "/out/emr/create_tables.sql", encoding: .utf8)
        #expect(ddl.contains("LOCATION 's3://retail-lake/retail/emr/sales/'"), "\(ddl)")

        // The warehouse: the monthly revenue in SQL equals the pipeline's CSV, to the cent.
        let csv = try String(contentsOfFile: cli.folder + "/out/aggregates/monthly_revenue.csv", encoding: .utf8)
        let expected = csv.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",")
            return "\(fields[0])|\(fields[fields.count - 1])"
        }
        let fromFacts = try postgres.psql("""
            SELECT d.year_month || '|' || sum(f.revenue)::numeric(18,3)
            FROM fact_sales f JOIN dim_date d USING (date_key) GROUP BY d.year_month ORDER BY d.year_month
            """, database: database).split(separator: "\n").map(String.init)
        #expect(fromFacts == expected, "\(fromFacts) vs \(expected)")
        // A fingerprint of the tables' contents, in a fixed order.
        let fingerprint = """
            SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fact_sales t
            UNION ALL SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM dim_product t
            UNION ALL SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM monthly_revenue t
            """
        let tablesBefore = try postgres.psql(fingerprint, database: database)
        #expect(tablesBefore.split(separator: "\n").count == 3, "\(tablesBefore)")

        // A second run: nothing new uploaded, the same rows in the warehouse.
        let second = try cli.run(arguments, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let againTasks = try #require(again["tasks"] as? [[String: Any]])
        for sync in ["sync_emr", "sync_aggregates", "sync_powerbi"] {
            let synced = againTasks.first { $0["id"] as? String == sync }?["outputs"] as? [String: String] ?? [:]
            // The batch rewrites its files with new bytes only where the data changed: here, never.
            #expect(synced["objects_uploaded"] == "0", "\(sync): \(synced)")
        }
        #expect(try postgres.psql(fingerprint, database: database) == tablesBefore)

        // No secret anywhere in the state folder (database, logs, stored workflow).
        let grep = Process()
        grep.executableURL = URL(fileURLWithPath: "/bin/grep")
        grep.arguments = ["-r", "-a", "-l", "-e", MotoServer.secretAccessKey, "-e", sessionToken, "-e", postgres.password, cli.folder + "/state"]
        grep.standardOutput = Pipe()
        try grep.run()
        grep.waitUntilExit()
        #expect(grep.terminationStatus == 1, "a credential was found in the state folder")
    }
}
