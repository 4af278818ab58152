import Testing
@testable import SparkTasks

@Suite struct SparkCommandTests {
    @Test func aPythonApplicationGetsMasterConfPackagesPyFilesThenItsArguments() {
        let command = SparkCommand(application: "jobs/batch_spark.py", master: "local[2]", deployMode: "client",
                                   conf: [("spark.sql.shuffle.partitions", "4"), ("spark.driver.memory", "2g")],
                                   packages: ["org.example:lib:1.0", "org.example:other:2.0"], pyFiles: ["deps.zip"],
                                   args: ["--source", "raw file.csv", "--out", "out"])
        #expect(command.kind == .python)
        #expect(command.program == "spark-submit")
        #expect(command.arguments(binary: "/opt/spark/bin/spark-submit") == [
            "/opt/spark/bin/spark-submit", "--master", "local[2]", "--deploy-mode", "client",
            "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.driver.memory=2g",
            "--packages", "org.example:lib:1.0,org.example:other:2.0", "--py-files", "deps.zip",
            "jobs/batch_spark.py", "--source", "raw file.csv", "--out", "out",
        ])
    }

    @Test func aJarApplicationNamesItsMainClass() {
        let command = SparkCommand(application: "app.JAR", mainClass: "com.shop.Batch", master: "yarn", args: ["2026-11-29"])
        #expect(command.kind == .jar)
        #expect(command.arguments(binary: "spark-submit") == ["spark-submit", "--master", "yarn", "--class", "com.shop.Batch", "app.JAR", "2026-11-29"])
    }

    @Test func aSQLFileRunsThroughSparkSQLWithMinusF() {
        let command = SparkCommand(application: "emr/create_tables.sql", mainClass: "ignored", master: "local[1]",
                                   conf: [("spark.sql.catalogImplementation", "hive")], pyFiles: ["ignored.zip"])
        #expect(command.kind == .sql)
        #expect(command.program == "spark-sql")
        #expect(command.arguments(binary: "/s/bin/spark-sql") == [
            "/s/bin/spark-sql", "--master", "local[1]", "--conf", "spark.sql.catalogImplementation=hive", "-f", "emr/create_tables.sql",
        ])
    }

    @Test(arguments: ["job.R", "job", "job.py.txt"])
    func otherExtensionsHaveNoKind(application: String) {
        #expect(SparkCommand(application: application).kind == nil)
    }
}
