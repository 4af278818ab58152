import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore
import SQLiteStore
import StreamTasks
import Testing
@testable import Streaming

/// The stream task types run by the real engine against a real state folder.
@Suite struct MicroBatchWorkflowTests {
    let folder: String
    let state: StateDirectory
    let store: SQLiteRunStore
    let streams: StreamDatabase
    let registry = TaskRegistry.withStreamTypes

    init() throws {
        folder = NSTemporaryDirectory() + "microbatch-\(UUID().uuidString)"
        state = StateDirectory(root: folder + "/state")
        store = try SQLiteRunStore(state: state)
        streams = try StreamDatabase(stateRoot: state.root)
    }

    func yaml(commit: Bool, maxRecords: Int = 1000) -> String {
        var text = """
            name: mb
            tasks:
              - id: read
                type: stream_read
                max_records: \(maxRecords)
              - id: clean
                type: stream_clean
                depends_on: [read]
              - id: lake
                type: stream_lake_sink
                lake: \(folder)/lake
                depends_on: [clean]
              - id: serving
                type: stream_serving_sink
                depends_on: [clean]

            """
        if commit {
            text += """
                  - id: commit
                    type: stream_commit
                    depends_on: [lake, serving]

                """
        }
        return text
    }

    func run(_ yaml: String) async throws -> (RunState, RunDetail) {
        let launcher = RunLauncher(store: store, registry: registry)
        let workflow = try WorkflowLoader.load(text: yaml, file: "mb.yaml", catalog: registry.catalog).get()
        let record = WorkflowRecord(name: workflow.name, hash: WorkflowFile.hash(yaml), file: "mb.yaml", yaml: yaml)
        let plan = try await launcher.createRun(workflow, record: record, params: [:])
        let outcome = await RunExecutor(store: store, registry: registry, state: state).execute(plan)
        return (outcome.status, try #require(try await store.runDetail(plan.runID)))
    }

    func lakeFiles() throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder + "/lake") else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".parquet") }.sorted()
    }

    @Test func anEmptyStreamSkipsTheWholeRun() async throws {
        let (status, detail) = try await run(yaml(commit: true))
        #expect(status == .skipped)
        #expect(detail.tasks.allSatisfy { $0.state == .skipped })
    }

    @Test func aBatchInterruptedBeforeItsCommitIsRedoneWithTheSameRangeAndNoDuplicates() async throws {
        // Two months, one bad-debt row that cleaning drops.
        var records = (0..<30).map { StreamFixture.record($0, month: $0 < 20 ? 12 : 11) }
        records.append(SaleRecord(invoiceNo: "A563185", stockCode: "B", description: "Adjust bad debt", quantity: "1",
                                  invoiceDate: "12/1/2010 9:00", unitPrice: "11062.06", customerID: nil, country: "United Kingdom"))
        _ = try streams.append([.init(stream: "transactions", records: records)])

        // The sinks run, the checkpoint is never committed: as if the process died before commit.
        let (partial, _) = try await run(yaml(commit: false, maxRecords: 100))
        #expect(partial == .succeeded)
        let afterCrash = try streams.servingTotals()
        #expect(try lakeFiles() == ["year=2010/month=11/part-1-31.parquet", "year=2010/month=12/part-1-31.parquet"])
        #expect(try streams.stats(stream: "transactions")?.checkpoint == 0)

        // More records arrive; the restarted micro-batch still covers exactly 1-31.
        _ = try streams.append([.init(stream: "transactions", records: [StreamFixture.record(500)])])
        let (status, detail) = try await run(yaml(commit: true, maxRecords: 100))
        #expect(status == .succeeded)
        let read = try #require(detail.tasks.first { $0.id == "read" })
        #expect(read.outputs["first_seq"] == "1" && read.outputs["last_seq"] == "31" && read.outputs["resumed"] == "true")
        let clean = try #require(detail.tasks.first { $0.id == "clean" })
        #expect(clean.outputs["read"] == "31" && clean.outputs["clean"] == "30" && clean.outputs["dropped_bad_debt"] == "1")
        #expect(try lakeFiles() == ["year=2010/month=11/part-1-31.parquet", "year=2010/month=12/part-1-31.parquet"])
        let totals = try streams.servingTotals()
        #expect(totals.items == 30 && totals.items == afterCrash.items && totals.itemRevenue == afterCrash.itemRevenue)
        #expect(totals.itemRevenue == Int128((0..<30).reduce(0) { $0 + StreamFixture.revenue($1) }))
        #expect(try streams.stats(stream: "transactions")?.checkpoint == 31)

        // The next batch is the one new record.
        let (next, nextDetail) = try await run(yaml(commit: true))
        #expect(next == .succeeded)
        #expect(nextDetail.tasks.first { $0.id == "read" }?.outputs["records"] == "1")
        #expect(try lakeFiles().contains("year=2010/month=12/part-32-32.parquet"))
        #expect(try streams.servingTotals().items == 31)
    }

    /// Regression: a SIGKILL between writing a staging file and renaming it left the temporary file
    /// in the partition for good. The next write to the partition removes the dead runs' files.
    @Test func staleStagingFilesOfKilledRunsAreRemovedByTheNextWrite() async throws {
        _ = try streams.append([.init(stream: "transactions", records: (0..<5).map { StreamFixture.record($0) })])
        let partition = folder + "/lake/year=2010/month=12"
        try FileManager.default.createDirectory(atPath: partition, withIntermediateDirectories: true)
        let orphans = [".part-1-5.run-killed.tmp", ".part-900-950.run-old.tmp"]
        let kept = [".part-990-999.run-live.tmp", "notes.txt"]
        for name in orphans + kept { FileManager.default.createFile(atPath: partition + "/" + name, contents: Data("x".utf8)) }
        // The other range's file was last written long ago; the live one just now.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)],
                                              ofItemAtPath: partition + "/.part-900-950.run-old.tmp")

        let (status, _) = try await run(yaml(commit: true))
        #expect(status == .succeeded)
        let left = try FileManager.default.contentsOfDirectory(atPath: partition).sorted()
        #expect(left == (kept + ["part-1-5.parquet"]).sorted())
    }
}
