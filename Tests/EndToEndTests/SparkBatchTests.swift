import Foundation
import Testing
import TestServers

/// The retail batch on a real Spark (pyspark's `spark-submit` and `spark-sql` in local mode, from the
/// test venv), run once: `batch_spark.yaml` and `batch.yaml` on the same 40,000-row file must give the
/// same rows and aggregates to the cent (compared with DuckDB), the EMR export must work in Spark SQL
/// with Hive support, and a failing Spark job must fail its task with Spark's error and be retried.
@Suite(.serialized) struct SparkBatchTests {
    static let repository = TestPython.repository

    /// The environment for a real Spark: the venv's console scripts first on PATH, its Python for the workers.
    static func sparkEnvironment() throws -> [String: String] {
        guard let bin = TestPython.binFolder, TestPython.canImport("pyspark, duckdb") else {
            throw SparkUnavailable()
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": bin + ":" + path, "PYSPARK_PYTHON": try #require(TestPython.python)]
    }

    struct SparkUnavailable: Error, CustomStringConvertible {
        var description: String { "pyspark and duckdb are needed in the test venv (scripts/test makes it; Java 17 for Spark)" }
    }

    /// Runs a Python script of the repository with the venv's interpreter.
    static func python(_ script: String, _ arguments: [String], environment: [String: String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(TestPython.python))
        process.arguments = [repository + "/" + script] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                          stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func theSparkBatchEqualsTheNativeOneAndItsEMRExportRunsInSparkSQL() throws {
        let environment = try Self.sparkEnvironment()
        let cli = try CLI()
        let source = cli.folder + "/raw.csv"
        let native = try cli.run(["run", Self.repository + "/workflows/batch.yaml", "--param", "source=\(source)",
                                  "--param", "out=\(cli.folder)/native", "--param", "rows=40000"])
        #expect(native.status == 0, "\(native.stderr)")

        // The workflow names its application as jobs/batch_spark.py, relative to where it runs.
        try FileManager.default.createSymbolicLink(atPath: cli.folder + "/jobs", withDestinationPath: Self.repository + "/jobs")
        let sparkOut = cli.folder + "/spark"
        let spark = try cli.run(["run", Self.repository + "/workflows/batch_spark.yaml", "--json", "--param", "source=\(source)",
                                 "--param", "out=\(sparkOut)", "--param", "location=file://\(sparkOut)/emr/sales/"],
                                environment: environment)
        #expect(spark.status == 0, "\(spark.stdout)\n\(spark.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(spark.stdout.utf8)) as? [String: Any])
        let tasks = try #require(run["tasks"] as? [[String: Any]], "\(run)")
        let sparkTask = try #require(tasks.first { $0["id"] as? String == "spark_batch" }, "\(tasks)")
        let applicationID = (sparkTask["outputs"] as? [String: String])?["application_id"] ?? ""
        #expect(applicationID.hasPrefix("local-"), "\(sparkTask)")

        let verified = try Self.python("scripts/verify_spark.py", [cli.folder + "/native", sparkOut], environment: environment)
        #expect(verified.status == 0, "\(verified.stdout)\n\(verified.stderr)")
        #expect(verified.stdout.contains("IDENTICAL"), "\(verified.stdout)")

        let checked = try Self.python("scripts/check_emr_spark.py", [sparkOut], environment: environment)
        #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr.suffix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any], "\(checked.stdout)")
        let paragraphs = report["paragraphs"] as? [String: Int] ?? [:]
        #expect(paragraphs.count >= 6, "\(report)")
        #expect((paragraphs["Top 100 products"] ?? 0) == 100, "\(report)")
        #expect((report["rows"] as? Int ?? 0) > 38_000, "\(report)")
        #expect((report["months_compared"] as? Int ?? 0) >= 12, "\(report)")
    }

    @Test func aFailingSparkJobFailsItsTaskWithSparksErrorAndIsRetried() throws {
        let environment = try Self.sparkEnvironment()
        let cli = try CLI()
        try cli.write("missing.sql", "SELECT count(*) FROM parquet.`\(cli.folder)/no/such/sales`;\n")
        try cli.write("wf.yaml", """
            name: spark_bad_path
            tasks:
              - id: query
                type: spark_submit
                application: missing.sql
                master: local[1]
                conf: {spark.ui.enabled: "false"}
                retries: 1
                retry_delay: 100ms
            """)
        let failed = try cli.run(["run", "wf.yaml", "--json"], environment: environment)
        #expect(failed.status == 1, "\(failed.stdout)\n\(failed.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(failed.stdout.utf8)) as? [String: Any], "\(failed.stdout)")
        let runID = try #require(run["id"] as? String, "\(run)")
        let task = try #require((run["tasks"] as? [[String: Any]])?.first, "\(run)")
        #expect(task["attempts"] as? Int == 2, "retries: 1 means two attempts: \(task)")
        for attempt in ["1", "2"] {
            let log = try cli.run(["logs", runID, "query", "--attempt", attempt])
            #expect(log.stdout.contains("PATH_NOT_FOUND") || log.stdout.contains("Path does not exist"), "\(log.stdout.suffix(2000))")
        }
    }
}
