import Testing
@testable import SparkTasks

@Suite struct SparkApplicationIDTests {
    @Test(arguments: [
        ("25/11/29 10:00:01 INFO SparkContext: Submitted application: batch\n25/11/29 10:00:02 INFO Executor: Starting executor ID driver\n"
            + "25/11/29 10:00:02 INFO Utils: app id local-1764410402123\n", "local-1764410402123"),
        ("INFO Client: Submitting application application_1700000000000_0042 to ResourceManager\n", "application_1700000000000_0042"),
        ("INFO StandaloneSchedulerBackend: Connected to Spark cluster with app ID app-20261129120000-0003\n", "app-20261129120000-0003"),
        ("INFO app-name is batch; then local-17 started\n", "local-17"),
    ])
    func findsTheFirstApplicationID(log: String, expected: String) {
        #expect(SparkApplicationID.find(in: log[...]) == expected)
    }

    @Test(arguments: ["", "no id here", "application_12_", "app-2026-1", "local-", "application_x_1"])
    func findsNothingWhereThereIsNoID(log: String) {
        #expect(SparkApplicationID.find(in: log[...]) == nil)
    }

    @Test func aMissingSparkSubmitNamesWhereItLooked() {
        let onPath = SparkInstallation(sparkHome: nil, path: "/nonexistent/a:/nonexistent/b")
        #expect(throws: SparkInstallation.NotFound.self) { try onPath.locate("spark-submit") }
        do {
            _ = try onPath.locate("spark-submit")
        } catch {
            #expect(error.description.contains("/nonexistent/a:/nonexistent/b"), "\(error)")
            #expect(error.description.contains("spark-submit"))
        }
        let inHome = SparkInstallation(sparkHome: "/nonexistent/spark", path: "/usr/bin")
        do {
            _ = try inHome.locate("spark-sql")
            Issue.record("found spark-sql in a home that does not exist")
        } catch {
            #expect(error.description.contains("/nonexistent/spark/bin/spark-sql (spark_home)"), "\(error)")
        }
    }
}
