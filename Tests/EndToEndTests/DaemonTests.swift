import Foundation
import Testing

/// The real `orchestrator scheduler` process with an `every: 1s` workflow.
@Suite(.serialized) struct DaemonTests {
    /// A temp folder whose `wf/` holds one workflow file.
    static func setUp(_ file: String, _ text: (String) -> String) throws -> CLI {
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.folder + "/wf", withIntermediateDirectories: true)
        try cli.write("wf/" + file, text(cli.folder))
        return cli
    }

    /// SIGTERM, then the exit status once the daemon has drained.
    static func terminate(_ process: Process) async -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        await exit(of: process)
        return process.terminationStatus
    }

    /// Starts a daemon on `wf/` and `state/` in the CLI's folder.
    static func daemon(_ cli: CLI, name: String, grace: String = "30s", logFormat: String = "text") throws -> Process {
        try cli.start(["scheduler", "--workflows", "wf", "--state", "state", "--grace", grace, "--log-format", logFormat], name: name)
    }

    /// Polls `condition` every 200 ms (conditions here start a process) until it holds or `timeout` passes.
    static func eventually(_ timeout: Duration = .seconds(20), _ condition: () throws -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return (try? condition()) == true
    }

    static func runs(_ cli: CLI) throws -> [[String: Any]] {
        try cli.json(["runs", "list", "--state", "state", "--limit", "1000", "--json"]) as? [[String: Any]] ?? []
    }

    static func detail(_ cli: CLI, _ id: String) throws -> [String: Any] {
        try cli.json(["runs", "show", id, "--state", "state", "--json"]) as? [String: Any] ?? [:]
    }

    /// Cleanup for `defer`: kills the process if the test left it running.
    static func stop(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits for the process to end without blocking a thread of the shared pool (tests run in parallel).
    static func exit(of process: Process, within limit: Duration = .seconds(60)) async {
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
    }

    static func killTask(pidFile: String) {
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(-pid, SIGKILL)
        }
    }

    @Test func producesRunsFollowsTheFolderAndExitsZeroOnSIGTERM() async throws {
        let cli = try Self.setUp("tick.yaml") { _ in
            """
                name: tick
                schedule: {every: 1s}
                tasks:
                  - id: hello
                    run: echo "${run.interval_start} ${run.interval_end}"
                """
        }
        let daemon = try Self.daemon(cli, name: "daemon")
        defer { Self.stop(daemon) }
        #expect(await Self.eventually { (try? Self.runs(cli).filter { $0["status"] as? String == "succeeded" }.count ?? 0) ?? 0 >= 2 })
        let runs = try Self.runs(cli)
        #expect(runs.allSatisfy { $0["trigger"] as? String == "schedule" })
        #expect(runs.allSatisfy { ($0["id"] as? String)?.hasPrefix("tick-") == true })

        // An invalid edit is reported and the last valid version keeps running; SIGHUP reloads;
        // a deleted file stops being scheduled.
        try cli.write("wf/tick.yaml", "name: tick\nschedule: {every: 0s}\ntasks:\n  - id: hello\n    type: noop\n")
        #expect(await Self.eventually { cli.output("daemon").stderr.contains("workflow file invalid") })
        let afterEdit = try Self.runs(cli).count
        #expect(await Self.eventually { ((try? Self.runs(cli).count) ?? 0) > afterEdit })
        kill(daemon.processIdentifier, SIGHUP)
        #expect(await Self.eventually { cli.output("daemon").stderr.contains("reload requested") })
        try FileManager.default.removeItem(atPath: cli.folder + "/wf/tick.yaml")
        #expect(await Self.eventually { cli.output("daemon").stderr.contains("workflow removed") })
        #expect(await Self.terminate(daemon) == 0, "\(cli.output("daemon").stderr)")
        #expect(cli.output("daemon").stderr.contains("run started"))
    }

    @Test func sigkillInALongTaskThenRestartCompletesTheSlotOnce() async throws {
        let cli = try Self.setUp("slow.yaml") { folder in
            """
                name: slow
                schedule: {every: 1s}
                tasks:
                  - id: first
                    run: echo once >> \(folder)/$ORCHESTRATOR_RUN_ID.first
                  - id: second
                    depends_on: [first]
                    run: test -f \(folder)/release || { echo $$ > \(folder)/second.pid; sleep 30; }
                """
        }
        let folder = cli.folder
        let first = try Self.daemon(cli, name: "first")
        defer { Self.stop(first) }
        #expect(await Self.eventually { FileManager.default.fileExists(atPath: folder + "/second.pid") })
        kill(first.processIdentifier, SIGKILL)
        // The task's process group outlives a SIGKILLed daemon (a service manager would kill it);
        // kill it before waiting, as Foundation's wait also waits for what inherited the daemon's descriptors.
        Self.killTask(pidFile: folder + "/second.pid")
        await Self.exit(of: first)
        // The first reader sees the owner gone and marks the run interrupted.
        let killedRun = try #require(try Self.runs(cli).first { $0["status"] as? String == "interrupted" }?["id"] as? String)
        try cli.write("release", "")

        let second = try Self.daemon(cli, name: "second")
        defer { Self.stop(second) }
        #expect(await Self.eventually { (try? Self.detail(cli, killedRun)["status"] as? String) == "succeeded" })
        let detail = try Self.detail(cli, killedRun)
        let tasks = try #require(detail["tasks"] as? [[String: Any]])
        let history = (tasks.last?["attempt_history"] as? [[String: Any]])?.map { $0["status"] as? String }
        #expect(history == ["interrupted", "succeeded"])
        #expect(try String(contentsOfFile: "\(folder)/\(killedRun).first", encoding: .utf8) == "once\n")
        let sameSlot = try Self.runs(cli).filter { $0["logical_date"] as? String == detail["logical_date"] as? String }
        #expect(sameSlot.count == 1)
        #expect(await Self.terminate(second) == 0)
    }

    @Test func aSecondDaemonStandsByAndTakesOver() async throws {
        let cli = try Self.setUp("tick.yaml") { _ in
            "name: tick\nschedule: {every: 1s}\ntasks:\n  - id: t\n    type: noop\n"
        }
        let active = try Self.daemon(cli, name: "active")
        defer { Self.stop(active) }
        #expect(await Self.eventually { cli.output("active").stderr.contains("scheduler lease acquired") })
        let standby = try Self.daemon(cli, name: "standby")
        defer { Self.stop(standby) }
        #expect(await Self.eventually { cli.output("standby").stderr.contains("standing by") })
        #expect(cli.output("standby").stderr.contains("pid=\(active.processIdentifier)"))
        let status = try #require(try cli.json(["status", "--workflows", "wf", "--state", "state", "--json"]) as? [String: Any])
        #expect((status["scheduler"] as? [String: Any])?["pid"] as? Int == Int(active.processIdentifier))
        #expect(status["scheduler_alive"] as? Bool == true)
        #expect((status["next_due"] as? [[String: Any]])?.first?["workflow"] as? String == "tick")
        kill(active.processIdentifier, SIGKILL)
        await Self.exit(of: active)
        let killedAt = ContinuousClock.now
        #expect(await Self.eventually(.seconds(15)) { cli.output("standby").stderr.contains("scheduler lease acquired") })
        #expect(ContinuousClock.now - killedAt < .seconds(15))
        let before = try Self.runs(cli).count
        #expect(await Self.eventually { ((try? Self.runs(cli).count) ?? 0) > before })
        #expect(await Self.terminate(standby) == 0)
    }

    @Test func sigtermDrainsThenKillsAfterGraceAndTheNextStartResumes() async throws {
        let cli = try Self.setUp("slow.yaml") { folder in
            """
                name: slow
                schedule: {every: 1s}
                tasks:
                  - id: long
                    run: test -f \(folder)/release || { touch \(folder)/started; sleep 30; }
                """
        }
        let folder = cli.folder
        let daemon = try Self.daemon(cli, name: "draining", grace: "1s")
        defer { Self.stop(daemon) }
        #expect(await Self.eventually { FileManager.default.fileExists(atPath: folder + "/started") })
        let runID = try #require(try Self.runs(cli).first { $0["status"] as? String == "running" }?["id"] as? String)
        let signalled = ContinuousClock.now
        #expect(await Self.terminate(daemon) == 0, "\(cli.output("draining").stderr)")
        #expect(ContinuousClock.now - signalled < .seconds(10))
        let interrupted = try Self.detail(cli, runID)
        #expect(interrupted["status"] as? String == "interrupted")
        let attempts = ((interrupted["tasks"] as? [[String: Any]])?.first?["attempt_history"] as? [[String: Any]])?.map { $0["status"] as? String }
        #expect(attempts == ["interrupted"])

        try cli.write("release", "")
        let next = try Self.daemon(cli, name: "resumed", logFormat: "json")
        defer { Self.stop(next) }
        #expect(await Self.eventually { (try? Self.detail(cli, runID)["status"] as? String) == "succeeded" })
        #expect(await Self.terminate(next) == 0)
        // JSON logs: one object per line, constant messages, the data in fields.
        let entries = cli.output("resumed").stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        #expect(entries.count == cli.output("resumed").stderr.split(separator: "\n").count)
        #expect(entries.contains { $0["message"] == "run resumed" && $0["run"] == runID && $0["workflow"] == "slow" })
        #expect(entries.contains { $0["message"] == "task started" && $0["run"] == runID && $0["task"] == "long" && $0["attempt"] == "2" })
    }
}
