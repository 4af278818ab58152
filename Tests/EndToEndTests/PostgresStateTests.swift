import Foundation
import Testing
import TestServers

/// Run history in PostgreSQL (`--database URL` / `$ORCHESTRATOR_DATABASE_URL`): every command that
/// reads or writes runs goes to the database; logs stay in the state folder.
@Suite struct PostgresStateTests {
    @Test func runsInPostgresAreListedLoggedAndRetriedFromOtherProcesses() async throws {
        let postgres = try await PostgresServer.shared()
        let url = try postgres.createDatabase()
        let cli = try CLI()
        try cli.write("wf.yaml", """
            name: pgflow
            tasks:
              - id: hello
                run: echo hello from postgres && echo rows=3 >> "$ORCHESTRATOR_OUTPUT"
              - id: gate
                depends_on: [hello]
                run: test -f \(cli.folder)/release
            """)
        let first = try cli.run(["run", "wf.yaml", "--database", url, "--local", "--json"])
        #expect(first.status == 1, "\(first.stderr)")
        let failed = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let runID = try #require(failed["id"] as? String)
        #expect(failed["status"] as? String == "failed")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/state/orchestrator.sqlite"), "no SQLite history beside PostgreSQL")

        // Another process, the URL from the environment.
        let environment = ["ORCHESTRATOR_DATABASE_URL": url]
        let listed = try cli.run(["runs", "list", "--json"], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? String } == [runID])
        let logs = try cli.run(["logs", runID, "hello"], environment: environment)
        #expect(logs.stdout == "hello from postgres\n", "\(logs.stderr)")

        try cli.write("release", "")
        let retried = try cli.run(["retry", runID, "--database", url, "--local"])
        #expect(retried.status == 0, "\(retried.stderr)")
        let shown = try cli.run(["runs", "show", runID, "--json", "--database", url])
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(detail["status"] as? String == "succeeded")
        let tasks = try #require(detail["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["state"] as? String } == ["succeeded", "succeeded"])
        #expect(tasks.map { $0["attempts"] as? Int } == [1, 2])
        #expect((tasks.first?["outputs"] as? [String: String])?["rows"] == "3")
    }

    /// Two schedulers (as on two hosts: their own state folders) share one database: one holds the
    /// lease, the other stands by and takes over after a SIGKILL; no slot gets two runs.
    @Test func twoSchedulersOnOneDatabaseOneActiveTheOtherTakesOver() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.folder + "/wf", withIntermediateDirectories: true)
        try cli.write("wf/tick.yaml", "name: tick\nschedule: {every: 1s}\ntasks:\n  - id: t\n    type: noop\n")
        let environment = ["ORCHESTRATOR_DATABASE_URL": url]
        let active = try cli.start(["scheduler", "--workflows", "wf", "--state", "host-a", "--local"], name: "active", environment: environment)
        defer { DaemonTests.stop(active) }
        #expect(await DaemonTests.eventually { cli.output("active").stderr.contains("scheduler lease acquired") }, "\(cli.output("active").stderr)")
        let standby = try cli.start(["scheduler", "--workflows", "wf", "--state", "host-b", "--local"], name: "standby", environment: environment)
        defer { DaemonTests.stop(standby) }
        #expect(await DaemonTests.eventually { cli.output("standby").stderr.contains("standing by") }, "\(cli.output("standby").stderr)")
        let runs = { try cli.json(["runs", "list", "--limit", "1000", "--json", "--database", url]) as? [[String: Any]] ?? [] }
        #expect(await DaemonTests.eventually { try runs().count >= 2 })

        kill(active.processIdentifier, SIGKILL)
        await DaemonTests.exit(of: active)
        let killedAt = ContinuousClock.now
        #expect(await DaemonTests.eventually(.seconds(15)) { cli.output("standby").stderr.contains("scheduler lease acquired") })
        #expect(ContinuousClock.now - killedAt < .seconds(15))
        let before = try runs().count
        #expect(await DaemonTests.eventually { try runs().count > before + 1 })
        #expect(await DaemonTests.terminate(standby) == 0)

        let dates = try runs().compactMap { $0["logical_date"] as? String }
        #expect(dates.count > before + 1)
        #expect(Set(dates).count == dates.count, "a slot ran twice: \(dates)")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/host-a/orchestrator.sqlite"))
    }

    @Test func aBadDatabaseIsAClearErrorThatHidesThePassword() throws {
        let cli = try CLI()
        let wrongScheme = try cli.run(["runs", "list", "--database", "mysql://u:s3cret@127.0.0.1/x"])
        #expect(wrongScheme.status == 2)
        #expect(wrongScheme.stderr.contains("'mysql://u:***@127.0.0.1/x': a database URL starts with postgres://"), "\(wrongScheme.stderr)")
        let port = try FreePort.next()
        let refused = try cli.run(["runs", "list"], environment: ["ORCHESTRATOR_DATABASE_URL": "postgres://u:s3cret@127.0.0.1:\(port)/x"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("postgres://u:***@127.0.0.1:\(port)/x"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("s3cret") && !wrongScheme.stderr.contains("s3cret"))
    }
}
