import Foundation
import Testing

/// The `spark_submit` task type against a stand-in `spark-submit` (a shell script that records its
/// arguments and prints what a Spark driver prints): the command line, the application id output,
/// failures with the driver's error in the log and retries, and a missing Spark.
@Suite struct SparkSubmitTaskTests {
    static let fakeSparkSubmit = """
        #!/bin/sh
        printf '%s\\n' "$@" > "$(dirname "$0")/../args-$ORCHESTRATOR_ATTEMPT.txt"
        echo "25/11/29 10:00:01 INFO SparkContext: Running Spark version 4.0.1"
        echo "25/11/29 10:00:02 INFO SparkContext: Submitted application: batch"
        echo "25/11/29 10:00:02 INFO Executor: Starting executor ID driver on host localhost, app id local-1764410402123"
        if [ -n "$FAIL_UNTIL" ] && [ "$ORCHESTRATOR_ATTEMPT" -lt "$FAIL_UNTIL" ]; then
          echo "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:/no/such.csv" >&2
          exit 1
        fi
        echo "rows=40000" >> "$ORCHESTRATOR_OUTPUT"
        """

    static func setUp(failUntil: Int? = nil) throws -> CLI {
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.folder + "/spark/bin", withIntermediateDirectories: true)
        try cli.write("spark/bin/spark-submit", fakeSparkSubmit)
        chmod(cli.folder + "/spark/bin/spark-submit", 0o755)
        try cli.write("job.py", "print('the stand-in never runs this')\n")
        try cli.write("wf.yaml", """
            name: spark_job
            tasks:
              - id: job
                type: spark_submit
                application: job.py
                spark_home: spark
                master: local[2]
                conf: {spark.sql.shuffle.partitions: "4", spark.driver.memory: 2g}
                args: ["--source", "raw.csv", "--run", "${run.id}"]
                retries: 2
                retry_delay: 100ms
                \(failUntil.map { "env: {FAIL_UNTIL: \"\($0)\"}" } ?? "")
            """)
        return cli
    }

    @Test func submitsWithTheTaskKeysAndRecordsTheApplicationID() throws {
        let cli = try Self.setUp()
        let result = try cli.run(["run", "wf.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let runID = try #require(result.stdout.split(separator: "\n").first.map(String.init))
        let arguments = try String(contentsOfFile: cli.folder + "/spark/args-1.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(arguments == ["--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.driver.memory=2g",
                              "job.py", "--source", "raw.csv", "--run", runID])
        let task = try #require((try cli.runDetail(runID)["tasks"] as? [[String: Any]])?.first)
        let outputs = task["outputs"] as? [String: String]
        #expect(outputs?["application_id"] == "local-1764410402123", "\(task)")
        #expect(outputs?["rows"] == "40000")
    }

    @Test func aFailingJobFailsTheAttemptWithTheDriversErrorInTheLogAndIsRetried() throws {
        let retried = try Self.setUp(failUntil: 3)
        let recovered = try retried.run(["run", "wf.yaml"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        let runID = try #require(recovered.stdout.split(separator: "\n").first.map(String.init))
        let task = try #require((try retried.runDetail(runID)["tasks"] as? [[String: Any]])?.first)
        #expect(task["attempts"] as? Int == 3, "\(task)")
        let firstLog = try retried.run(["logs", runID, "job", "--attempt", "1"])
        #expect(firstLog.stdout.contains("Path does not exist: file:/no/such.csv"), "\(firstLog.stdout)")

        let failing = try Self.setUp(failUntil: 9)
        let failed = try failing.run(["run", "wf.yaml", "--json"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("exit code 1"), "\(failed.stdout)")
        #expect(FileManager.default.fileExists(atPath: failing.folder + "/spark/args-3.txt"), "retries: 2 means three attempts")
    }

    @Test func theSparkBatchWorkflowValidatesAndDrawsItsDAG() throws {
        let cli = try CLI()
        let workflow = BatchPipelineTests.repository + "/workflows/batch_spark.yaml"
        let valid = try cli.run(["validate", workflow])
        #expect(valid.status == 0, "\(valid.stderr)")
        let graph = try cli.run(["graph", workflow, "--format", "mermaid"])
        #expect(graph.status == 0)
        #expect(graph.stdout.contains("ingest --> spark_batch") && graph.stdout.contains("spark_batch --> export_emr"), "\(graph.stdout)")
    }

    @Test func aMissingSparkIsAClearErrorAndUnknownKeysAreCaught() throws {
        let cli = try CLI()
        try cli.write("job.py", "\n")
        try cli.write("wf.yaml", """
            name: spark_missing
            tasks:
              - id: job
                type: spark_submit
                application: job.py
                spark_home: /nonexistent/spark
            """)
        let missing = try cli.run(["run", "wf.yaml", "--json"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("/nonexistent/spark/bin/spark-submit"), "\(missing.stdout)")

        try cli.write("bad.yaml", """
            name: spark_bad
            tasks:
              - id: job
                type: spark_submit
                aplication: job.py
            """)
        let invalid = try cli.run(["validate", "bad.yaml"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("bad.yaml:5:"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("application"), "\(invalid.stderr)")
    }
}
