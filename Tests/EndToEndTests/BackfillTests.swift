import Foundation
import Testing

@Suite struct BackfillTests {
    @Test func backfillRunsEachSlotOnceAndRerunsFailedOnesOnRequest() async throws {
        let cli = try CLI()
        let folder = cli.folder
        try FileManager.default.createDirectory(atPath: folder + "/wf", withIntermediateDirectories: true)
        try cli.write("wf/daily.yaml", """
            name: daily
            schedule: "0 2 * * *"
            tasks:
              - id: load
                run: test "${run.interval_start}" != "2026-03-02T02:00:00Z" || test -f \(folder)/fixed
            """)
        let arguments = ["backfill", "daily", "--from", "2026-03-02", "--to", "2026-03-04T23:00", "--max-active", "2",
                         "--workflows", "wf", "--state", "state", "--json"]
        let first = try cli.run(arguments)
        #expect(first.status == 1, "the slot of 3 March fails: \(first.stderr)")
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [[String: Any]])
        #expect(lines.map { $0["run"] as? String } == ["daily-20260302T020000Z", "daily-20260303T020000Z", "daily-20260304T020000Z"])
        #expect(lines.map { $0["status"] as? String } == ["succeeded", "failed", "succeeded"])

        try cli.write("fixed", "")
        let again = try cli.run(arguments + ["--rerun-failed"])
        #expect(again.status == 0, "\(again.stderr)")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(second.map { $0["action"] as? String } == ["skipped (exists)", "rerun", "skipped (exists)"])
        let runs = try #require(try cli.json(["runs", "list", "--state", "state", "--json"]) as? [[String: Any]])
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0["trigger"] as? String == "backfill" && $0["status"] as? String == "succeeded" })

        let dry = try #require(try cli.json(["cleanup", "--older-than", "0s", "--dry-run", "--state", "state", "--json"]) as? [String: Any])
        #expect(dry["runs"] as? Int == 3 && dry["task_instances"] as? Int == 3)
        #expect((dry["log_bytes"] as? Int ?? 0) >= 0)
        let cleaned = try cli.run(["cleanup", "--older-than", "0s", "--state", "state"])
        #expect(cleaned.stdout.hasPrefix("deleted 3 runs, 3 task instances"), "\(cleaned.stdout)")
        let left = try #require(try cli.json(["runs", "list", "--state", "state", "--json"]) as? [[String: Any]])
        #expect(left.isEmpty)
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/state/logs")) ?? []
        #expect(logs.isEmpty)
    }
}
