import Foundation
import Testing

/// The testers' inputs that used to trap the CLI or the daemon: each is now a clear error (exit 2).
@Suite struct BadInputTests {
    static let cronWorkflow = "name: nightly\nschedule: \"0 2 * * *\"\ntasks:\n  - id: a\n    type: noop\n"

    @Test(arguments: [
        (["runs", "list", "--since", "99999999999-01-01"], "--since '99999999999-01-01'"),
        (["runs", "list", "--since", "2026-02-30"], "--since '2026-02-30'"),
        (["cleanup", "--older-than", "99999999999999d"], "--older-than '99999999999999d' is longer than the limit of 3650d"),
        (["cancel", "some-run", "--wait", "99999999999999999d"], "--wait '99999999999999999d' is longer than the limit of 3650d"),
        (["token", "create", "--name", "t", "--scopes", "admin", "--expires", "0s"], "--expires '0s' must be positive"),
        (["token", "create", "--name", "t", "--scopes", "admin", "--expires", "-1d"], "--expires '-1d' must be positive"),
        (["token", "create", "--name", "t", "--scopes", "admin", "--expires", "3651d"], "--expires '3651d' is longer than the limit of 3650d"),
        (["backfill", "nightly.yaml", "--from", "99999999999-01-01", "--to", "99999999999-01-02"], "--from '99999999999-01-01'"),
        (["backfill", "nightly.yaml", "--from", "2026-01-01", "--to", "10000-01-01"], "--to '10000-01-01'"),
        (["backfill", "nightly.yaml", "--from", "2026-01-01", "--to", "2026-01-02", "--max-slots", "99999999999999999999"], "--max-slots"),
    ])
    func badOptionValuesExitTwoNamingTheOptionAndValue(_ arguments: [String], _ message: String) throws {
        let cli = try CLI()
        try cli.write("nightly.yaml", Self.cronWorkflow)
        let result = try cli.run(arguments + ["--state", "state"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: ") && !result.stderr.contains("Error: "), "one 'error:' prefix: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/state"))
    }

    @Test(arguments: [("timeout: 200000000000d", "wf.yaml:5:14: error: bad duration '200000000000d' for 'timeout'"),
                      ("timeout: 10000000000000000s", "wf.yaml:5:14: error: bad duration '10000000000000000s' for 'timeout'"),
                      ("max_retry_delay: 99999999999999999999d", "wf.yaml:5:22: error: bad duration '99999999999999999999d'"),
                      ("timeout: 0s", "wf.yaml:5:14: error: 'timeout' must be longer than 0s")])
    func badDurationsInAWorkflowAreReportedByValidateRunAndGraph(_ line: String, _ diagnostic: String) throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: x\ntasks:\n  - id: a\n    run: \"true\"\n    \(line)\n")
        for command in [["validate", "wf.yaml"], ["run", "wf.yaml", "--state", "state"], ["graph", "wf.yaml"]] {
            let result = try cli.run(command)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(diagnostic), "\(command): \(result.stderr)")
        }
    }

    @Test func aHugeCatchupWindowIsReportedWithItsPlace() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: x\nschedule: \"0 2 * * *\"\ncatchup_window: 9999999999999d\ntasks:\n  - id: a\n    type: noop\n")
        let result = try cli.run(["validate", "wf.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("wf.yaml:3:17: error: bad duration '9999999999999d' for 'catchup_window'"), "\(result.stderr)")
    }

    @Test func anAliasBombIsRefusedQuickly() throws {
        var lines = ["name: bomb", "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for level in 1...10 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]") }
        let cli = try CLI()
        try cli.write("bomb.yaml", (lines + ["tasks:", "  - id: a", "    type: noop"]).joined(separator: "\n") + "\n")
        let started = ContinuousClock.now
        let result = try cli.run(["validate", "bomb.yaml"])
        #expect(ContinuousClock.now - started < .seconds(5))  // one process start, far below the 8 s of seven levels before
        #expect(result.status == 2)
        #expect(result.stderr.contains("bomb.yaml:3:10: error: YAML aliases are not supported"), "\(result.stderr)")
    }

    @Test func backfillRefusesMoreSlotsThanMaxSlotsAndSaysHowMany() throws {
        let cli = try CLI()
        try cli.write("tick.yaml", "name: tick\nschedule: {every: 1s}\ntasks:\n  - id: a\n    type: noop\n")
        let result = try cli.run(["backfill", "tick.yaml", "--from", "2026-01-01", "--to", "2026-01-02", "--max-slots", "1000", "--state", "state"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("makes 86401 slots of 'tick', over the limit of --max-slots 1000"), "\(result.stderr)")
        try cli.write("nightly.yaml", Self.cronWorkflow)
        let cron = try cli.run(["backfill", "nightly.yaml", "--from", "1970-01-01", "--to", "9999-12-31", "--state", "state"])
        #expect(cron.status == 2)
        #expect(cron.stderr.contains("makes more than 100000 slots of 'nightly'"), "\(cron.stderr)")
    }

    @Test func paramsBuiltFromOtherParamsAreExpanded() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", """
            name: p
            params: {root: data, out: "${params.root}/out"}
            tasks:
              - id: a
                run: echo "${params.out}" > result.txt

            """)
        let result = try cli.run(["run", "wf.yaml", "--state", "state"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: cli.folder + "/result.txt", encoding: .utf8) == "data/out\n")
        try cli.write("cycle.yaml", "name: c\nparams:\n  a: \"${params.b}\"\n  b: \"${params.a}\"\ntasks:\n  - id: a\n    type: noop\n")
        let cycle = try cli.run(["validate", "cycle.yaml"])
        #expect(cycle.status == 2)
        #expect(cycle.stderr.contains("cycle.yaml:3:7: error: params refer to each other in a cycle: a -> b -> a"), "\(cycle.stderr)")
    }
}

/// A bad workflow file in the scheduler's folder is reported; the daemon stays up and keeps
/// scheduling the good ones, on reload and at start.
@Suite(.serialized) struct DaemonBadInputTests {
    static let bad = "name: bad\nschedule: {every: 1s}\ntasks:\n  - id: a\n    run: \"true\"\n    timeout: 200000000000d\n"

    static func succeeded(_ cli: CLI) -> Int {
        ((try? DaemonTests.runs(cli)) ?? []).filter { $0["status"] as? String == "succeeded" }.count
    }

    @Test func aBadDurationInTheWatchedFolderDoesNotKillTheDaemon() async throws {
        let cli = try DaemonTests.setUp("tick.yaml") { _ in "name: tick\nschedule: {every: 1s}\ntasks:\n  - id: a\n    type: noop\n" }
        let daemon = try DaemonTests.daemon(cli, name: "daemon")
        defer { DaemonTests.stop(daemon) }
        #expect(await DaemonTests.eventually { Self.succeeded(cli) >= 1 })

        try cli.write("wf/bad.yaml", Self.bad)
        #expect(await DaemonTests.eventually {
            let log = cli.output("daemon").stderr
            return log.contains("workflow file invalid") && log.contains("bad.yaml:6:14: error: bad duration '200000000000d'")
        }, "\(cli.output("daemon").stderr)")
        let before = Self.succeeded(cli)
        #expect(await DaemonTests.eventually { Self.succeeded(cli) > before })
        #expect(daemon.isRunning)
        #expect(await DaemonTests.terminate(daemon) == 0, "\(cli.output("daemon").stderr)")

        // A daemon started while the bad file is there starts, reports it and schedules the good one.
        let again = try DaemonTests.daemon(cli, name: "again")
        defer { DaemonTests.stop(again) }
        let atStart = Self.succeeded(cli)
        #expect(await DaemonTests.eventually { cli.output("again").stderr.contains("bad.yaml:6:14") })
        #expect(await DaemonTests.eventually { Self.succeeded(cli) > atStart })
        #expect(again.isRunning)
        #expect(await DaemonTests.terminate(again) == 0, "\(cli.output("again").stderr)")
    }
}
