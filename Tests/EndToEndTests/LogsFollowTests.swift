import Foundation
import Testing
import TestServers

/// `logs --follow`: on the state folder's files, and through PostgreSQL from any host.
@Suite(.serialized) struct LogsFollowTests {
    static let lines = (1...10).map { "line \($0) of 10" }
    static let expected = lines.map { $0 + "\n" }.joined()

    /// SQLite state: the follower reads the file the run writes and ends when the attempt ends,
    /// not before (the task still prints) and not at the run's end (a slow task follows).
    @Test func logsFollowOnTheStateFolderEndsWithTheAttempt() async throws {
        let cli = try CLI()
        try cli.write("wf.yaml", """
            name: chatty
            tasks:
              - id: talk
                run: for i in 1 2 3 4 5 6 7 8 9 10; do echo "line $i of 10"; sleep 0.1; done
              - id: after
                depends_on: [talk]
                run: sleep 5
            """)
        let run = try cli.start(["run", "wf.yaml", "--state", "state"], name: "run")
        defer { DaemonTests.stop(run) }
        #expect(await DaemonTests.eventually { cli.output("run").stdout.contains("\n") }, "\(cli.output("run").stderr)")
        let id = cli.output("run").stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(await DaemonTests.eventually {
            !QueueWorkerTests.statuses(QueueWorkerTests.tasks(try DaemonTests.detail(cli, id))["talk"]).isEmpty
        })
        let follow = try cli.start(["logs", id, "talk", "--follow", "--state", "state"], name: "follow")
        defer { DaemonTests.stop(follow) }
        await DaemonTests.exit(of: follow, within: .seconds(30))
        #expect(follow.terminationStatus == 0, "\(cli.output("follow").stderr)")
        #expect(cli.output("follow").stdout == Self.expected)
        #expect(run.isRunning, "the follower waited for the run, not the attempt")
        await DaemonTests.exit(of: run, within: .seconds(30))
        #expect(run.terminationStatus == 0, "\(cli.output("run").stderr)")
    }

    /// PostgreSQL state: a worker with its own state folder (as on another host) runs a task under
    /// `run --dispatch queue`, and `logs --follow` started from a third folder prints its lines as
    /// they come, then exits when the attempt ends; a server on another folder serves the log too.

    @Test func logsFollowFromAnotherHostPrintsLinesAsTheyComeAndEndsWithTheAttempt() async throws {
        let (cli, url, worker) = try await QueueWorkerTests.oneWorker("far") { _ in """
            name: chatty
            tasks:
              - id: talk
                run: for i in 1 2 3 4 5 6 7 8 9 10; do echo "line $i of 10"; sleep 0.2; done
            """
        }
        defer { DaemonTests.stop(worker) }
        let run = try cli.start(["run", "wf.yaml", "--database", url, "--state", "coordinator", "--dispatch", "queue"], name: "run")
        defer { DaemonTests.stop(run) }
        // The run id is the coordinator's first line; follow once the attempt has started.
        #expect(await DaemonTests.eventually { cli.output("run").stdout.contains("\n") }, "\(cli.output("run").stderr)")
        let id = cli.output("run").stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(await DaemonTests.eventually {
            let task = QueueWorkerTests.tasks(try cli.runDetail(id, url: url))["talk"]
            return !QueueWorkerTests.statuses(task).isEmpty
        })
        let follow = try cli.start(["logs", id, "talk", "--follow", "--database", url, "--state", "reader"], name: "follow")
        defer { DaemonTests.stop(follow) }

        // Lines arrive while the task still prints: the first before the last was written.
        #expect(await DaemonTests.eventually(.seconds(10)) { cli.output("follow").stdout.contains(Self.lines[0] + "\n") })
        let early = cli.output("follow").stdout
        #expect(!early.contains(Self.lines[9]), "everything came at once: \(early)")
        #expect(run.isRunning)

        await DaemonTests.exit(of: follow, within: .seconds(30))
        #expect(!follow.isRunning, "logs --follow did not end with the attempt")
        #expect(follow.terminationStatus == 0, "\(cli.output("follow").stderr)")
        let expected = Self.expected
        #expect(cli.output("follow").stdout == expected)

        await DaemonTests.exit(of: run, within: .seconds(30))
        #expect(run.terminationStatus == 0, "\(cli.output("run").stderr)")
        // Read again without --follow, from the reader's folder: the whole log; the worker kept its file.
        let again = try cli.run(["logs", id, "talk", "--database", url, "--state", "reader"])
        #expect(again.stdout == expected, "\(again.stderr)")
        let local = try String(contentsOfFile: cli.folder + "/host-far/logs/\(id)/talk.attempt-1.log", encoding: .utf8)
        #expect(local == expected)
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/reader/logs"))
        #expect(await DaemonTests.terminate(worker) == 0)

        // The API of a server on yet another state folder serves the same log, complete.
        try FileManager.default.createDirectory(atPath: cli.folder + "/wf", withIntermediateDirectories: true)
        let token = try ServeProcess.token(cli, name: "reader", scopes: "runs:read")
        let server = try await ServeProcess.start(cli, name: "serve", scheduler: false, extra: ["--database", url])
        defer { DaemonTests.stop(server.process) }
        let page = try await server.request("GET", "/api/v1/runs/\(id)/tasks/talk/logs", token: token)
        #expect(page.status == 200, "\(String(decoding: page.body, as: UTF8.self))")
        #expect(page.json["text"] as? String == expected)
        #expect(page.json["complete"] as? Bool == true)
        #expect(page.json["size"] as? Int == expected.utf8.count)
        let tail = try await server.request("GET", "/api/v1/runs/\(id)/tasks/talk/logs?offset=\(expected.utf8.count - 8)", token: token)
        #expect(tail.json["text"] as? String == String(expected.suffix(8)))
        // The live stream of an ended attempt: the whole log, then its end.
        let stream = try await server.request("GET", "/api/v1/runs/\(id)/tasks/talk/logs/stream", token: token)
        let events = String(decoding: stream.body, as: UTF8.self)
        #expect(events.contains("event: log\ndata: {\"offset\":0,"), "\(events)")
        #expect(events.contains("line 10 of 10"), "\(events)")
        #expect(events.hasSuffix("event: end\ndata: {\"attempt\":1,\"status\":\"succeeded\"}\n\n"), "\(events)")
    }
}
