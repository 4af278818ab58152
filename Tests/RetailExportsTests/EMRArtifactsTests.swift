import Foundation
import Testing
@testable import RetailExports

@Suite struct EMRArtifactsTests {
    @Test func ddlDeclaresThePartitionedParquetTable() {
        let sql = SparkSQL.createTablesScript(location: SparkSQL.defaultLocation)
        for fragment in [
            "CREATE EXTERNAL TABLE IF NOT EXISTS sales (", "invoice_no  STRING,", "quantity    BIGINT,",
            "invoice_ts  TIMESTAMP,", "unit_price  DECIMAL(18,3),", "revenue     DECIMAL(18,3)",
            "PARTITIONED BY (year INT, month STRING)", "STORED AS PARQUET",
            "LOCATION 's3://YOUR-BUCKET/emr/sales/';", "MSCK REPAIR TABLE sales;",
        ] {
            #expect(sql.contains(fragment), "\(fragment)")
        }
    }

    @Test func locationIsQuotedSafely() {
        #expect(SparkSQL.createSalesTable(location: "s3://b/it's/").contains("LOCATION 's3://b/it''s/'"))
    }

    @Test func zeppelinNoteIsValidJSONWithSparkSQLParagraphs() throws {
        let json = try JSONSerialization.jsonObject(with: Data(EMRArtifacts.zeppelinNote())) as? [String: Any]
        let note = try #require(json)
        #expect(note["name"] as? String == "Retail sales batch")
        #expect(note["defaultInterpreterGroup"] as? String == "spark")
        let paragraphs = try #require(note["paragraphs"] as? [[String: Any]])
        let texts = paragraphs.compactMap { $0["text"] as? String }
        #expect(texts.count == 7)
        #expect(texts.filter { $0.hasPrefix("%spark.sql\n") }.count == 6)
        #expect(texts[1].contains("CREATE EXTERNAL TABLE IF NOT EXISTS sales"))
        #expect(texts[2] == "%spark.sql\nMSCK REPAIR TABLE sales")
        #expect(texts.contains { $0.contains("ntile(5) OVER (ORDER BY recency_days DESC, customer_id)") })
        let ids = paragraphs.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == paragraphs.count)
        #expect(paragraphs.allSatisfy { $0["config"] is [String: Any] && $0["settings"] is [String: Any] })
    }

    @Test func writesBothFiles() throws {
        let directory = try TemporaryDirectory()
        try EMRArtifacts.write(to: directory.output)
        let sql = try String(contentsOf: directory.url.appendingPathComponent("create_tables.sql"), encoding: .utf8)
        #expect(sql.hasSuffix("MSCK REPAIR TABLE sales;\n"))
        let note = try Data(contentsOf: directory.url.appendingPathComponent("zeppelin_note.zpln"))
        #expect(Array(note) == EMRArtifacts.zeppelinNote())
    }
}
