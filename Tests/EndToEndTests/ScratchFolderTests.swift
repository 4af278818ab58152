import Foundation
import Testing

/// A workflow's `scratch` folder: kept while the run has not succeeded (so `retry` resumes from
/// it), removed when it does, and never removed when it would take the working directory along.
@Suite struct ScratchFolderTests {
    @Test func keptForRetryAndRemovedWhenTheRunSucceeds() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", """
            name: scratchy
            scratch: work/${run.id}
            tasks:
              - id: produce
                run: mkdir -p work/${run.id} && echo rows > work/${run.id}/table
              - id: consume
                depends_on: [produce]
                run: test -f release && test -f work/${run.id}/table
            """)
        let failed = try cli.run(["run", "wf.yaml"])
        #expect(failed.status == 1, "\(failed.stderr)")
        let runID = try #require(failed.stdout.split(separator: "\n").first.map(String.init))
        let table = cli.folder + "/work/\(runID)/table"
        #expect(FileManager.default.fileExists(atPath: table), "a failed run keeps its scratch folder")

        try cli.write("release", "")
        let retried = try cli.run(["retry", runID])
        #expect(retried.status == 0, "\(retried.stderr)")
        let detail = try cli.runDetail(runID)
        #expect(detail["status"] as? String == "succeeded")
        let attempts = (detail["tasks"] as? [[String: Any]])?.map { $0["attempts"] as? Int }
        #expect(attempts == [1, 2], "the retry ran only the failed task, on the kept table")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/work/\(runID)"), "removed once the run succeeded")
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/work"), "only the run's own folder goes")
    }

    @Test func aFolderHoldingTheWorkingDirectoryIsNeverRemoved() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: careless\nscratch: ..\ntasks:\n  - id: one\n    run: \"true\"\n")
        let result = try cli.run(["run", "wf.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("holds the working directory or the state folder: not removed"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/wf.yaml"))
    }

    @Test func aScratchNamingAnUnknownParamIsAWarningNotASilentLeak() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: typo\nparams: {out: o}\nscratch: ${params.outt}/w\ntasks:\n  - id: one\n    run: \"true\"\n")
        let result = try cli.run(["run", "wf.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("scratch folder '${params.outt}/w' not removed"), "\(result.stderr)")
    }

    @Test func anEmptyScratchIsRejectedWithItsPlace() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: blank\nscratch: \" \"\ntasks:\n  - id: one\n    run: \"true\"\n")
        let result = try cli.run(["run", "wf.yaml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("wf.yaml:2"), "\(result.stderr)")
        #expect(result.stderr.contains("'scratch' must name a folder"), "\(result.stderr)")
    }
}
