import Foundation
import Testing
import TestServers

/// Several hosts on one real PostgreSQL, as separate processes with their own state folders: two
/// schedulers (one active, one standing by) and three workers. A 300-task scheduled run survives
/// the SIGKILL of a worker and of the active scheduler: the standby takes over, adopts the run and
/// follows its attempts where they are.
@Suite(.serialized) struct SchedulerFailoverTests {
    /// 20 chains of 15 tasks over two queues. Each attempt holds `lock/TASK` while it runs, so two
    /// attempts of one task at once leave an `overlap` file.
    static func workflow(_ folder: String) -> String {
        var yaml = "name: big\nschedule: {every: 2s}\ntasks:\n"
        for index in 0..<300 {
            let upstream = index < 20 ? "" : "\n    depends_on: [t\(index - 20)]"
            yaml += """
                  - id: t\(index)
                    queue: \(index % 3 == 0 ? "spark" : "default")
                    retries: 2
                    retry_delay: 10ms\(upstream)
                    run: mkdir \(folder)/lock/t\(index) || echo t\(index) >> \(folder)/overlap; echo "$ORCHESTRATOR_WORKER" >> \(folder)/ran/t\(index); sleep 0.3; rmdir \(folder)/lock/t\(index)

                """
        }
        return yaml
    }

    static func scheduler(_ cli: CLI, _ name: String, url: String) throws -> Process {
        try cli.start(["scheduler", "--workflows", "wf", "--database", url, "--state", "host-\(name)"], name: name)
    }

    static func finishedTasks(_ folder: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/ran")) ?? []).count
    }

    @Test func aRunSurvivesTheDeathOfAWorkerAndOfTheActiveScheduler() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let cli = try CLI()
        for folder in ["wf", "lock", "ran"] {
            try FileManager.default.createDirectory(atPath: cli.folder + "/" + folder, withIntermediateDirectories: true)
        }
        try cli.write("wf/big.yaml", Self.workflow(cli.folder))
        var processes: [Process] = []
        defer { for process in processes { DaemonTests.stop(process) } }
        for (name, queues) in [("w1", "default,spark"), ("w2", "default,spark"), ("w3", "spark,default")] {
            processes.append(try QueueWorkerTests.worker(cli, name, queues: queues, url: url, lease: "2s", slots: 4))
        }
        let active = try Self.scheduler(cli, "s1", url: url)
        processes.append(active)
        #expect(await DaemonTests.eventually { cli.output("s1").stderr.contains("scheduler lease acquired") }, "\(cli.output("s1").stderr)")
        let standby = try Self.scheduler(cli, "s2", url: url)
        processes.append(standby)
        #expect(await DaemonTests.eventually { cli.output("s2").stderr.contains("standing by") }, "\(cli.output("s2").stderr)")

        // The first slot's run starts; pausing the workflow keeps it the only one.
        var runID = ""
        #expect(await DaemonTests.eventually {
            let runs = try cli.json(["runs", "list", "--database", url, "--json"]) as? [[String: Any]] ?? []
            runID = runs.first?["id"] as? String ?? ""
            return !runID.isEmpty
        })
        #expect(try cli.run(["pause", "big", "--database", url]).status == 0)

        // Mid-run: SIGKILL a worker, then the active scheduler.
        #expect(await DaemonTests.eventually(.seconds(60)) { Self.finishedTasks(cli.folder) >= 40 })
        kill(processes[1].processIdentifier, SIGKILL)
        await DaemonTests.exit(of: processes[1])
        kill(active.processIdentifier, SIGKILL)
        await DaemonTests.exit(of: active)
        #expect(Self.finishedTasks(cli.folder) < 300, "the run ended before the kills")
        #expect(await DaemonTests.eventually { cli.output("s2").stderr.contains("scheduler lease acquired") }, "\(cli.output("s2").stderr)")
        #expect(await DaemonTests.eventually { cli.output("s2").stderr.contains("run adopted") }, "\(cli.output("s2").stderr)")

        var detail: [String: Any] = [:]
        #expect(await DaemonTests.eventually(.seconds(120)) {
            detail = try cli.json(["runs", "show", runID, "--database", url, "--json"]) as? [String: Any] ?? [:]
            return detail["status"] as? String != "running"
        })
        #expect(detail["status"] as? String == "succeeded", "\(cli.output("s2").stderr)")
        let tasks = QueueWorkerTests.tasks(detail)
        #expect(tasks.count == 300)
        var rerun = 0
        for index in 0..<300 {
            let statuses = QueueWorkerTests.statuses(tasks["t\(index)"])
            #expect(statuses.last == "succeeded", "t\(index): \(statuses)")
            #expect(statuses.dropLast().allSatisfy { $0 == "interrupted" }, "t\(index): \(statuses)")
            rerun += statuses.count - 1
        }
        // No attempt of a task ran while another did; one run for the one slot; nothing left running.
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/overlap"),
                "\((try? String(contentsOfFile: cli.folder + "/overlap", encoding: .utf8)) ?? "")")
        let runs = try cli.json(["runs", "list", "--database", url, "--json"]) as? [[String: Any]] ?? []
        #expect(runs.map { $0["id"] as? String ?? "" } == [runID])
        #expect((try QueueWorkerTests.status(cli, url: url)["active_runs"] as? [Any])?.isEmpty == true)
        // The killed worker held attempts (12 slots, 20 chains: never idle); they ran again on the
        // live workers (a killed attempt may not have written its line yet).
        #expect(rerun >= 1)
        for index in 0..<300 where QueueWorkerTests.statuses(tasks["t\(index)"]).count > 1 {
            let lines = try String(contentsOfFile: cli.folder + "/ran/t\(index)", encoding: .utf8).split(separator: "\n")
            #expect(lines.last.map { $0 != "w2" } == true, "t\(index) ran on \(lines)")
        }
        let ranBy = try FileManager.default.contentsOfDirectory(atPath: cli.folder + "/ran").map {
            try String(contentsOfFile: cli.folder + "/ran/" + $0, encoding: .utf8)
        }
        #expect(ranBy.filter { $0.contains("w2") && !$0.hasSuffix("w2\n") }.count <= rerun)
        #expect(await DaemonTests.terminate(standby) == 0)
    }
}
