import Foundation
import Testing
import TestServers

/// `orchestrator worker` processes on one real PostgreSQL, and `run --dispatch queue` coordinating
/// runs whose tasks they execute. Each worker has its own state folder, as on its own host.
@Suite(.serialized) struct QueueWorkerTests {
    /// Starts a worker named `name` on `queues`, with its own state folder `host-NAME`.
    static func worker(_ cli: CLI, _ name: String, queues: String, url: String, lease: String = "10s", slots: Int = 3) throws -> Process {
        try cli.start(["worker", "--database", url, "--state", "host-\(name)", "--name", name, "--queues", queues,
                       "--slots", String(slots), "--lease", lease], name: name)
    }

    static func status(_ cli: CLI, url: String) throws -> [String: Any] {
        try cli.json(["status", "--database", url, "--workflows", "none", "--json"]) as? [String: Any] ?? [:]
    }

    static func workerNames(_ cli: CLI, url: String) throws -> Set<String> {
        Set((try status(cli, url: url)["workers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
    }

    /// Runs the coordinator to its end and returns the run's JSON.
    static func coordinate(_ cli: CLI, url: String, file: String = "wf.yaml") async throws -> (status: Int32, detail: [String: Any], stderr: String) {
        let run = try cli.start(["run", file, "--database", url, "--state", "coordinator", "--dispatch", "queue", "--json"], name: "run")
        defer { DaemonTests.stop(run) }
        await DaemonTests.exit(of: run, within: .seconds(120))
        let output = cli.output("run")
        let detail = (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any] ?? [:]
        return (run.terminationStatus, detail, output.stderr)
    }

    /// A fresh database and folder holding `wf.yaml` (made from the folder's path), and one worker
    /// with a 2 s lease, registered.
    static func oneWorker(_ name: String, workflow: (String) -> String) async throws -> (cli: CLI, url: String, worker: Process) {
        let url = try await PostgresServer.shared().createDatabase()
        let cli = try CLI()
        try cli.write("wf.yaml", workflow(cli.folder))
        let worker = try worker(cli, name, queues: "default", url: url, lease: "2s")
        #expect(await DaemonTests.eventually { try Self.workerNames(cli, url: url) == [name] }, "\(cli.output(name).stderr)")
        return (cli, url, worker)
    }

    static func tasks(_ detail: [String: Any]) -> [String: [String: Any]] {
        Dictionary(((detail["tasks"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "?", $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func statuses(_ task: [String: Any]?) -> [String] {
        ((task?["attempt_history"] as? [[String: Any]]) ?? []).compactMap { $0["status"] as? String }
    }

    @Test func thirtyTasksOverTwoQueuesRunEachOnItsQueuesWorker() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.folder + "/ran", withIntermediateDirectories: true)
        var yaml = "name: spread\ntasks:\n"
        for index in 0..<30 {
            let upstream = index < 6 ? "" : "\n    depends_on: [t\(index - 6)]"
            yaml += """
                  - id: t\(index)
                    queue: \(index % 3 == 0 ? "spark" : "default")\(upstream)
                    run: echo "t\(index) on $ORCHESTRATOR_WORKER"; echo "$ORCHESTRATOR_WORKER" > \(cli.folder)/ran/t\(index)

                """
        }
        try cli.write("wf.yaml", yaml)
        let general = try Self.worker(cli, "general", queues: "default", url: url)
        defer { DaemonTests.stop(general) }
        let spark = try Self.worker(cli, "sparky", queues: "spark", url: url)
        defer { DaemonTests.stop(spark) }
        #expect(await DaemonTests.eventually { try Self.workerNames(cli, url: url) == ["general", "sparky"] },
                "\(cli.output("general").stderr)\(cli.output("sparky").stderr)")
        let listed = try #require((try Self.status(cli, url: url)["workers"] as? [[String: Any]])?.first { $0["name"] as? String == "sparky" })
        #expect(listed["queues"] as? [String] == ["spark"])
        #expect(listed["slots"] as? Int == 3)
        #expect(listed["last_heartbeat"] is String)

        let (status, detail, stderr) = try await Self.coordinate(cli, url: url)
        #expect(status == 0, "\(stderr)")
        #expect(detail["status"] as? String == "succeeded")
        let tasks = Self.tasks(detail)
        #expect(tasks.count == 30)
        for index in 0..<30 {
            let expected = index % 3 == 0 ? "sparky" : "general"
            let task = tasks["t\(index)"]
            #expect(task?["state"] as? String == "succeeded", "t\(index)")
            #expect(Self.statuses(task) == ["succeeded"], "t\(index)")
            let ran = try? String(contentsOfFile: "\(cli.folder)/ran/t\(index)", encoding: .utf8)
            #expect(ran == expected + "\n", "t\(index) ran on \(ran ?? "nothing")")
            // The log is in the state folder of the worker that ran the attempt, and `logs` reads it.
            let logPath = ((task?["attempt_history"] as? [[String: Any]])?.first?["log_path"] as? String) ?? ""
            #expect(logPath.hasPrefix("host-\(expected)/logs/"), "\(logPath)")
        }
        let log = try cli.run(["logs", detail["id"] as? String ?? "", "t3", "--database", url])
        #expect(log.stdout == "t3 on sparky\n", "\(log.stderr)")

        // Nothing left running; the workers drain on SIGTERM, exit 0 and unregister.
        #expect((try Self.status(cli, url: url)["active_runs"] as? [Any])?.isEmpty == true)
        #expect(await DaemonTests.terminate(general) == 0)
        #expect(await DaemonTests.terminate(spark) == 0)
        #expect(try Self.workerNames(cli, url: url).isEmpty)
    }

    /// SIGKILL of a worker in the middle of a task: its claim expires after the 2 s lease, the
    /// attempt is `interrupted`, and the task runs again on the other worker.
    @Test func aWorkerKilledMidTaskLosesItsClaimAndTheTaskRunsElsewhere() async throws {
        let (cli, url, doomed) = try await Self.oneWorker("doomed") { folder in """
            name: survive
            tasks:
              - id: nap
                retries: 1
                retry_delay: 10ms
                run: echo "$ORCHESTRATOR_WORKER" >> \(folder)/ran; echo $$ > \(folder)/pid-$ORCHESTRATOR_WORKER; sleep 2
              - id: after
                depends_on: [nap]
                run: echo after on $ORCHESTRATOR_WORKER
            """
        }
        defer {
            DaemonTests.stop(doomed)
            DaemonTests.killTask(pidFile: cli.folder + "/pid-doomed")
        }
        async let coordinated = Self.coordinate(cli, url: url)
        #expect(await DaemonTests.eventually { (try? String(contentsOfFile: cli.folder + "/ran", encoding: .utf8)) == "doomed\n" })
        let survivor = try Self.worker(cli, "survivor", queues: "default", url: url, lease: "2s")
        defer { DaemonTests.stop(survivor) }
        kill(doomed.processIdentifier, SIGKILL)
        await DaemonTests.exit(of: doomed)

        let (status, detail, stderr) = try await coordinated
        #expect(status == 0, "\(stderr)")
        #expect(detail["status"] as? String == "succeeded")
        let tasks = Self.tasks(detail)
        #expect(Self.statuses(tasks["nap"]) == ["interrupted", "succeeded"])
        let first = (tasks["nap"]?["attempt_history"] as? [[String: Any]])?.first
        #expect((first?["error"] as? String)?.contains("doomed") == true, "\(first ?? [:])")
        #expect(try String(contentsOfFile: cli.folder + "/ran", encoding: .utf8) == "doomed\nsurvivor\n")
        #expect(tasks["after"]?["state"] as? String == "succeeded")
        #expect(await DaemonTests.terminate(survivor) == 0)
        // The dead worker stays listed (its heartbeat shows it stopped); nothing runs.
        #expect((try Self.status(cli, url: url)["active_runs"] as? [Any])?.isEmpty == true)
    }

    /// Fencing: a worker paused (SIGSTOP) past its lease while another worker runs the attempt
    /// again and finishes it; resumed after the run ended, the first one writes nothing.
    @Test func aPausedWorkerThatWakesAfterLosingItsClaimWritesNothing() async throws {
        let (cli, url, paused) = try await Self.oneWorker("paused") { folder in """
            name: fenced
            tasks:
              - id: work
                retries: 1
                retry_delay: 10ms
                run: echo "$ORCHESTRATOR_WORKER" >> \(folder)/ran; sleep 1; echo by=$ORCHESTRATOR_WORKER >> "$ORCHESTRATOR_OUTPUT"; echo "done $ORCHESTRATOR_WORKER" >> \(folder)/ran
            """
        }
        defer {
            kill(paused.processIdentifier, SIGCONT)
            DaemonTests.stop(paused)
        }
        async let coordinated = Self.coordinate(cli, url: url)
        #expect(await DaemonTests.eventually { (try? String(contentsOfFile: cli.folder + "/ran", encoding: .utf8)) == "paused\n" })
        kill(paused.processIdentifier, SIGSTOP)
        let successor = try Self.worker(cli, "successor", queues: "default", url: url, lease: "2s")
        defer { DaemonTests.stop(successor) }

        let (status, detail, stderr) = try await coordinated
        #expect(status == 0, "\(stderr)")
        let task = Self.tasks(detail)["work"]
        #expect(Self.statuses(task) == ["interrupted", "succeeded"])
        #expect((task?["outputs"] as? [String: String]) == ["by": "successor"])
        // The paused worker's own process finished meanwhile; its worker learns the claim is lost.
        #expect(await DaemonTests.eventually {
            (try? String(contentsOfFile: cli.folder + "/ran", encoding: .utf8))?.contains("done paused") == true
        })
        kill(paused.processIdentifier, SIGCONT)
        #expect(await DaemonTests.eventually { cli.output("paused").stderr.contains("claim lost") }, "\(cli.output("paused").stderr)")
        let after = try cli.runDetail(detail["id"] as? String ?? "", url: url)
        let final = Self.tasks(after)["work"]
        #expect(Self.statuses(final) == ["interrupted", "succeeded"])
        #expect((final?["outputs"] as? [String: String]) == ["by": "successor"])
        #expect(after["status"] as? String == "succeeded")
        #expect(await DaemonTests.terminate(paused) == 0)
        #expect(await DaemonTests.terminate(successor) == 0)
    }

    @Test func badWorkerOptionsAreClearErrorsNamingTheValue() throws {
        let cli = try CLI()
        let cases: [([String], String)] = [
            (["--queues", "default,Spark"], "queue 'Spark' must match [a-z0-9_-]+"),
            (["--slots", "0"], "--slots must be at least 1, got 0"),
            (["--lease", "300ms"], "--lease '300ms' is too short"),
            (["--lease", "soon"], "--lease"),
            (["--name", "a b"], "--name 'a b' must be"),
        ]
        for (arguments, message) in cases {
            let result = try cli.run(["worker"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let help = try cli.run(["worker", "--help"])
        #expect(help.stdout.contains("--queues") && help.stdout.contains("SIGTERM") && help.stdout.contains("ORCHESTRATOR_WORKER"))
    }
}

extension CLI {
    func runDetail(_ id: String, url: String) throws -> [String: Any] {
        try json(["runs", "show", id, "--json", "--database", url]) as? [String: Any] ?? [:]
    }
}
