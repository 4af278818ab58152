import Foundation
import Testing

@Suite struct RecoveryTests {
    @Test func sigkilledRunShowsInterruptedAndRetryResumesIt() async throws {
        let cli = try CLI()
        let folder = cli.folder
        try cli.write("wf.yaml", """
            name: demo
            tasks:
              - id: first
                run: echo once >> \(folder)/first.count
              - id: second
                depends_on: [first]
                run: test -f \(folder)/release || { echo $$ > \(folder)/second.pid; sleep 30; }
            """)
        let process = try cli.start(["run", "wf.yaml"], name: "killed")
        #expect(await eventually { FileManager.default.fileExists(atPath: folder + "/second.pid") })
        kill(process.processIdentifier, SIGKILL)
        if let pid = Int32((try? String(contentsOfFile: folder + "/second.pid", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
            kill(-pid, SIGKILL)  // the orphaned task's process group, before waiting: it holds the killed process's descriptors
        }
        process.waitUntilExit()
        let runID = try #require(cli.output("killed").stdout.split(separator: "\n").first.map(String.init))
        let interrupted = try cli.runDetail(runID)
        #expect(interrupted["status"] as? String == "interrupted")
        let tasks = try #require(interrupted["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["state"] as? String } == ["succeeded", "interrupted"])

        try cli.write("release", "")
        let retry = try cli.run(["retry", runID])
        #expect(retry.status == 0, "\(retry.stderr)")
        let resumed = try cli.runDetail(runID)
        #expect(resumed["status"] as? String == "succeeded")
        let after = try #require(resumed["tasks"] as? [[String: Any]])
        #expect(after.map { $0["attempts"] as? Int } == [1, 2])
        #expect(try String(contentsOfFile: folder + "/first.count", encoding: .utf8) == "once\n")
    }

    @Test func cancelFromAnotherProcessStopsTheRunWithinASecond() async throws {
        let cli = try CLI()
        let folder = cli.folder
        try cli.write("wf.yaml", "name: demo\ntasks:\n  - id: slow\n    run: touch \(folder)/started; sleep 30\n")
        let process = try cli.start(["run", "wf.yaml"], name: "victim")
        #expect(await eventually { FileManager.default.fileExists(atPath: folder + "/started") })
        let runID = try #require(cli.output("victim").stdout.split(separator: "\n").first.map(String.init))
        let listed = try cli.run(["runs", "list"])  // reading while the run writes
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("running"))
        let cancel = try cli.run(["cancel", runID])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("cancelled"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let detail = try cli.runDetail(runID)
        #expect((detail["tasks"] as? [[String: Any]])?.first?["state"] as? String == "cancelled")
    }

    @Test func ctrlCMarksTheRunCancelled() async throws {
        let cli = try CLI()
        let folder = cli.folder
        try cli.write("wf.yaml", "name: demo\ntasks:\n  - id: slow\n    run: touch \(folder)/started; sleep 30\n")
        let process = try cli.start(["run", "wf.yaml"], name: "interrupted")
        #expect(await eventually { FileManager.default.fileExists(atPath: folder + "/started") })
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let runID = try #require(cli.output("interrupted").stdout.split(separator: "\n").first.map(String.init))
        let detail = try cli.runDetail(runID)
        #expect(detail["status"] as? String == "cancelled")
    }
}
