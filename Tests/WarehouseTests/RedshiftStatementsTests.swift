import Foundation
import Testing
import TestServers
@testable import Warehouse

@Suite struct RedshiftStatementsTests {
    static let files = [
        TableFile(table: RetailTables.dimCountry, path: "/out/powerbi/dim_country.csv", format: .csv),
        TableFile(table: RetailTables.monthlyRevenue, path: "/out/aggregates/monthly_revenue.parquet", format: .parquet),
    ]
    static let role = "arn:aws:iam::123456789012:role/Loader'x"

    @Test func golden() {
        let statements = RedshiftStatements(schema: "retail", mode: .replace, iamRole: Self.role)
            .statements(Self.files, s3URI: "s3://lake/batch/")
        #expect(statements.map(\.sql) == [
            "BEGIN",
            #"CREATE SCHEMA IF NOT EXISTS "retail""#,
            """
            CREATE TABLE IF NOT EXISTS "retail"."dim_country" (
              "country_key" BIGINT NOT NULL,
              "country" VARCHAR(65535) NOT NULL,
              CONSTRAINT "dim_country_pkey" PRIMARY KEY ("country_key")
            )
            """,
            #"CREATE TEMPORARY TABLE "dim_country__load" (LIKE "retail"."dim_country")"#,
            #"COPY "dim_country__load" FROM 's3://lake/batch/dim_country.csv' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader''x' FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto'"#,
            #"SELECT count(*)::text FROM "dim_country__load""#,
            """
            CREATE TABLE IF NOT EXISTS "retail"."monthly_revenue" (
              "month" VARCHAR(65535) NOT NULL,
              "orders" BIGINT NOT NULL,
              "customers" BIGINT NOT NULL,
              "units" BIGINT NOT NULL,
              "revenue" NUMERIC(18,3) NOT NULL,
              CONSTRAINT "monthly_revenue_pkey" PRIMARY KEY ("month")
            )
            """,
            #"CREATE TEMPORARY TABLE "monthly_revenue__load" (LIKE "retail"."monthly_revenue")"#,
            #"COPY "monthly_revenue__load" FROM 's3://lake/batch/monthly_revenue.parquet' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader''x' FORMAT AS PARQUET"#,
            #"SELECT count(*)::text, coalesce(sum("revenue"), 0)::numeric(38,3)::text FROM "monthly_revenue__load""#,
            #"DELETE FROM "retail"."monthly_revenue""#,
            #"DELETE FROM "retail"."dim_country""#,
            #"INSERT INTO "retail"."dim_country" ("country_key", "country") SELECT "country_key", "country" FROM "dim_country__load""#,
            #"DROP TABLE "dim_country__load""#,
            #"INSERT INTO "retail"."monthly_revenue" ("month", "orders", "customers", "units", "revenue") SELECT "month", "orders", "customers", "units", "revenue" FROM "monthly_revenue__load""#,
            #"DROP TABLE "monthly_revenue__load""#,
            "COMMIT",
            #"ANALYZE "retail"."dim_country""#,
            #"ANALYZE "retail"."monthly_revenue""#,
        ])
        #expect(statements.filter { $0.kind == .copy }.count == 2)
    }

    @Test func datasetFoldersAreCopiedByPrefixAndAppendDeletesNothing() {
        let star = [TableFile(table: RetailTables.dimDate, path: "/x/dim_date", format: .parquetDataset),
                    TableFile(table: RetailTables.factSales, path: "/x/fact_sales", format: .parquetDataset)]
        let statements = RedshiftStatements(schema: "public", mode: .append, iamRole: "r").statements(star, s3URI: "s3://b/p")
        #expect(statements.contains { $0.sql.hasPrefix(#"COPY "fact_sales__load" FROM 's3://b/p/fact_sales/'"#) })
        #expect(!statements.contains { $0.sql.hasPrefix("DELETE") })
        // Only the foreign keys to tables of the same load are declared.
        let fact = statements.first { $0.sql.contains(#"CREATE TABLE IF NOT EXISTS "public"."fact_sales""#) }?.sql ?? ""
        #expect(fact.contains(#"FOREIGN KEY ("date_key") REFERENCES "public"."dim_date" ("date_key")"#))
        #expect(!fact.contains("dim_product"))
    }

    /// Every statement but the COPY is valid PostgreSQL: run them all on the real server inside a
    /// transaction that is rolled back (COMMIT becomes ROLLBACK, ANALYZE after it is dropped).
    @Test func everyStatementButTheCopyParsesInPostgreSQL() async throws {
        let database = try await WarehouseDatabase.make()
        let files = SourceFolder.ordered(RetailTables.all.map { TableFile(table: $0, path: "/x/\($0.name).csv", format: .csv) })
        for mode in LoadMode.allCases {
            let statements = RedshiftStatements(schema: "rs", mode: mode, iamRole: "arn:aws:iam::1:role/r").statements(files, s3URI: "s3://b/p")
            var script: [String] = []
            for statement in statements where statement.kind != .copy {
                if statement.sql == "COMMIT" { script.append("ROLLBACK"); break }
                script.append(statement.sql)
            }
            #expect(script.count > 30)
            try database.server.psql(script.joined(separator: ";\n") + ";", database: database.name)
        }
        #expect(try database.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'rs'") == ["0"])
    }
}
