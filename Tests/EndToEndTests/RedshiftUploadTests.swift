import Foundation
import Testing
import TestServers

/// `warehouse_load` with `dialect: redshift` puts the tables' files in S3 (moto) before it issues
/// the COPY statements. No Redshift is at hand: the statements go to a PostgreSQL, which refuses
/// Redshift's COPY syntax, so the task fails there, after the upload, naming the statement.
@Suite struct RedshiftUploadTests {
    @Test func theTablesFilesArePutInS3BeforeTheCopy() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try moto.createBucket("redshift-stage")
        let server = try await PostgresServer.shared()
        let database = "rs_" + UUID().uuidString.prefix(8).lowercased()
        let url = try server.createDatabase(database)
        let cli = try CLI()
        let batch = try String(contentsOfFile: TestPython.repository + "/workflows/batch.yaml", encoding: .utf8)
        try cli.write("redshift.yaml", batch + """

          - id: load_aggregates
            type: warehouse_load
            depends_on: [aggregate]
            source: ${params.out}/aggregates
            tables: [monthly_revenue, country_revenue]
            dialect: redshift
            s3_uri: s3://redshift-stage/loads/aggregates
            iam_role: arn:aws:iam::123456789012:role/RedshiftLoad
            retries: 0

        """)
        var environment = moto.clientEnvironment
        environment["ORCHESTRATOR_WAREHOUSE_URL"] = url
        let result = try cli.run(["run", "redshift.yaml", "--json", "--param", "rows=3000", "--param", "out=out", "--param", "source=out/raw.csv"],
                                 environment: environment)
        #expect(result.status == 1, "PostgreSQL cannot run Redshift's COPY: \(result.stdout.suffix(2000))")
        // The upload happened, then the first COPY was sent and refused by PostgreSQL's parser.
        #expect(result.stdout.contains("syntax error"), "\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("monthly_revenue") || result.stdout.contains("country_revenue"), "\(result.stdout.suffix(2000))")

        let keys = try moto.boto3("""
            listed = s3.list_objects_v2(Bucket="redshift-stage", Prefix="loads/aggregates/")
            print("\\n".join(sorted(o["Key"] for o in listed.get("Contents", []))))
            """).split(separator: "\n").map(String.init)
        #expect(keys == ["loads/aggregates/country_revenue.parquet", "loads/aggregates/monthly_revenue.parquet"], "\(keys)")
    }
}
