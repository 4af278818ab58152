import Foundation
import Testing

/// The batch workflow end to end on a generated file, driven through the built executable.
@Suite struct BatchPipelineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let workflow = repository + "/workflows/batch.yaml"

    /// A Python with pyarrow and duckdb, for the real-reader checks.
    static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["ORCHESTRATOR_PYTHON"], repository + "/.venv/bin/python", "/tmp/peers/bin/python"]
        return candidates.compactMap { $0 }.first { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            let check = Process()
            check.executableURL = URL(fileURLWithPath: path)
            check.arguments = ["-c", "import pyarrow, duckdb"]
            check.standardError = FileHandle.nullDevice
            guard (try? check.run()) != nil else { return false }
            check.waitUntilExit()
            return check.terminationStatus == 0
        }
    }()

    func files(under root: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue, !path.hasPrefix(".work") { result[path] = FileManager.default.contents(atPath: root + "/" + path) }
        }
        return result
    }

    @Test func generatorIsDeterministic() throws {
        let cli = try CLI()
        #expect(try cli.run(["datagen", "online-retail", "--rows", "3000", "--seed", "9", "--out", "a.csv"]).status == 0)
        #expect(try cli.run(["datagen", "online-retail", "--rows", "3000", "--seed", "9", "--out", "b.csv"]).status == 0)
        #expect(try cli.run(["datagen", "online-retail", "--rows", "3000", "--seed", "10", "--out", "c.csv"]).status == 0)
        let a = FileManager.default.contents(atPath: cli.folder + "/a.csv")
        #expect(a != nil && a == FileManager.default.contents(atPath: cli.folder + "/b.csv"))
        #expect(a != FileManager.default.contents(atPath: cli.folder + "/c.csv"))
        #expect(a?.starts(with: Data("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n".utf8)) == true)
    }

    @Test func batchRunWritesEveryOutputIdenticallyTwiceAndRealReadersAgree() throws {
        let cli = try CLI()
        #expect(try cli.run(["datagen", "online-retail", "--rows", "40000", "--seed", "3", "--out", "raw.csv"]).status == 0)
        let first = try cli.run(["run", Self.workflow, "--param", "source=raw.csv", "--param", "out=out", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let tasks = try #require(run["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["id"] as? String } == ["generate_source", "ingest", "clean", "partition", "aggregate", "export_powerbi", "export_emr"])
        #expect(tasks.allSatisfy { $0["state"] as? String == "succeeded" })
        #expect((tasks[0]["outputs"] as? [String: String])?["synthetic"] == "false")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.folder + "/out/quality/report.json"))) as? [String: Any])
        let dropped = try #require(report["dropped"] as? [String: Int])
        let read = try #require(report["rows_read"] as? Int)
        #expect(read == 40_000)
        #expect(read == (report["rows_clean"] as? Int ?? -1) + dropped.values.reduce(0, +) + (report["rows_quarantined"] as? Int ?? -1))
        for name in ["emr/sales/_SUCCESS", "emr/create_tables.sql", "emr/zeppelin_note.zpln", "aggregates/monthly_revenue.csv",
                     "aggregates/customer_rfm.parquet", "powerbi/fact_sales.csv", "powerbi/dim_customer.csv", "powerbi/README.md",
                     "quality/quarantine.csv"] {
            #expect(FileManager.default.fileExists(atPath: cli.folder + "/out/" + name), "missing \(name)")
        }
        let before = try files(under: cli.folder + "/out")
        let second = try cli.run(["run", Self.workflow, "--param", "source=raw.csv", "--param", "out=out"])
        #expect(second.status == 0, "\(second.stderr)")
        let after = try files(under: cli.folder + "/out")
        #expect(before.keys.sorted() == after.keys.sorted())
        #expect(before.filter { after[$0.key] != $0.value }.keys.sorted() == [])

        if let python = Self.python {
            let verify = Process()
            verify.executableURL = URL(fileURLWithPath: python)
            verify.arguments = [Self.repository + "/scripts/verify_batch.py", cli.folder + "/raw.csv", cli.folder + "/out"]
            let pipe = Pipe()
            verify.standardOutput = pipe
            verify.standardError = pipe
            try verify.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            verify.waitUntilExit()
            #expect(verify.terminationStatus == 0, "\(output)")
            #expect(output.contains(" passed, 0 failed"), "\(output)")
        }
    }

    @Test func malformedRowsAreQuarantinedWithLineNumbersAndTheRatioIsEnforced() throws {
        let cli = try CLI()
        #expect(try cli.run(["datagen", "online-retail", "--rows", "500", "--seed", "5", "--out", "raw.csv"]).status == 0)
        var bytes = try #require(FileManager.default.contents(atPath: cli.folder + "/raw.csv"))
        bytes.append(Data("536999,85123A,BAD QTY,lots,12/1/2010 8:26,2.55,17850,United Kingdom\r\n".utf8))  // line 502
        bytes.append(Data("536999,85123A,TOO FEW,6,12/1/2010 8:26\r\n".utf8))  // line 503
        try bytes.write(to: URL(fileURLWithPath: cli.folder + "/raw.csv"))
        let tolerated = try cli.run(["run", Self.workflow, "--param", "source=raw.csv", "--param", "out=out"])
        #expect(tolerated.status == 0, "\(tolerated.stderr)")
        let quarantine = try String(contentsOfFile: cli.folder + "/out/quality/quarantine.csv", encoding: .utf8)
        #expect(quarantine.contains("502,bad_quantity,"))
        #expect(quarantine.contains("503,field_count,"))
        #expect(tolerated.stderr.contains("2 malformed rows quarantined"))

        for index in 0..<10 { bytes.append(Data("53700\(index),X,Y,zz,bad,1,,UK\r\n".utf8)) }
        try bytes.write(to: URL(fileURLWithPath: cli.folder + "/raw.csv"))
        let rejected = try cli.run(["run", Self.workflow, "--param", "source=raw.csv", "--param", "out=out2", "--json"])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("more than max_quarantine_ratio"))
        // The failed clean wrote its table beside the path (staged) but published none and left none behind.
        let work = FileManager.default.enumerator(atPath: cli.folder + "/out2/.work")?.compactMap { $0 as? String } ?? []
        #expect(!work.isEmpty)
        #expect(work.allSatisfy { !$0.contains("sales_clean.bin") }, "\(work)")
    }

    /// The testers' values that used to trap `clean`: quarantined as `out_of_range` with their line
    /// numbers, the accounting still balances, and every output is written.
    @Test func outOfRangeValuesAreQuarantinedAndTheRunSucceeds() throws {
        let cli = try CLI()
        #expect(try cli.run(["datagen", "online-retail", "--rows", "500", "--seed", "6", "--out", "raw.csv"]).status == 0)
        var bytes = try #require(FileManager.default.contents(atPath: cli.folder + "/raw.csv"))
        bytes.append(Data("536999,85123A,HUGE PRICE,6,12/1/2010 8:26,9223372036854776,17850,United Kingdom\r\n".utf8))  // line 502
        bytes.append(Data("536999,85124B,HUGE PRICE,6,12/1/2010 8:26,\"9223372036854775.999\",17850,United Kingdom\r\n".utf8))  // 503
        bytes.append(Data("536999,85125C,HUGE REVENUE,2,12/1/2010 8:26,999999999999999,17850,United Kingdom\r\n".utf8))  // 504
        bytes.append(Data("536999,85126D,YEAR ZERO,6,0000-01-01 08:26,2.55,17850,United Kingdom\r\n".utf8))  // 505
        try bytes.write(to: URL(fileURLWithPath: cli.folder + "/raw.csv"))
        let result = try cli.run(["run", Self.workflow, "--param", "source=raw.csv", "--param", "out=out"])
        #expect(result.status == 0, "\(result.stderr)")
        let quarantine = try String(contentsOfFile: cli.folder + "/out/quality/quarantine.csv", encoding: .utf8)
        for line in 502...505 { #expect(quarantine.contains("\n\(line),out_of_range,"), "line \(line): \(quarantine)") }
        let report = try #require(JSONSerialization.jsonObject(
            with: try Data(contentsOf: URL(fileURLWithPath: cli.folder + "/out/quality/report.json"))) as? [String: Any])
        let read = report["rows_read"] as? Int ?? -1
        let clean = report["rows_clean"] as? Int ?? -1
        let quarantined = report["rows_quarantined"] as? Int ?? -1
        let drops = (report["dropped"] as? [String: Int])?.values.reduce(0, +) ?? -1
        #expect(read == 504, "\(report)")
        #expect(read == clean + drops + quarantined, "\(report)")
        #expect((report["quarantined"] as? [String: Int])?["out_of_range"] == 4, "\(report)")
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/out/aggregates/monthly_revenue.csv"))
    }

    @Test func missingColumnIsAClearError() throws {
        let cli = try CLI()
        try cli.write("raw.csv", "InvoiceNo,StockCode,Description,Qty,InvoiceDate,UnitPrice,CustomerID,Country\n1,2,3,4,12/1/2010 8:26,1,2,UK\n")
        let result = try cli.run(["run", Self.workflow, "--param", "source=raw.csv", "--param", "out=out", "--json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Quantity"), "\(result.stdout)")
        #expect(result.stdout.contains("Qty"))
    }
}
