import Foundation
import Testing

@Suite struct RunCommandTests {
    @Test func runPrintsTheRunIDFirstAndRecordsHistory() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", """
            name: demo
            params: {word: hi}
            tasks:
              - id: a
                run: echo "${params.word}"; echo rows=7 >> "$ORCHESTRATOR_OUTPUT"
              - id: b
                depends_on: [a]
                run: echo "${tasks.a.outputs.rows}"
            """)
        let result = try cli.run(["run", "wf.yaml", "--param", "word=hello"])
        #expect(result.status == 0, "\(result.stderr)")
        let runID = try #require(result.stdout.split(separator: "\n").first.map(String.init))
        #expect(runID.count == 14)
        #expect(result.stderr.contains("a succeeded"))
        let detail = try cli.runDetail(runID)
        #expect(detail["status"] as? String == "succeeded")
        #expect((detail["params"] as? [String: String])?["word"] == "hello")
        let tasks = try #require(detail["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["id"] as? String } == ["a", "b"])
        #expect((tasks[0]["outputs"] as? [String: String])?["rows"] == "7")
        for key in ["state", "attempts", "exit_code", "error", "started_at", "ended_at", "duration_ms", "outputs"] {
            #expect(tasks[0].keys.contains(key), "missing \(key)")
        }
        let list = try #require(try cli.json(["runs", "list", "--json"]) as? [[String: Any]])
        #expect(list.first?["id"] as? String == runID)
        for key in ["id", "workflow", "status", "trigger", "started_at", "ended_at", "duration_ms"] {
            #expect(list.first?.keys.contains(key) == true, "missing \(key)")
        }
        let logs = try cli.run(["logs", runID, "b"])
        #expect(logs.stdout == "7\n")
    }

    @Test func failedRunExitsOneAndJSONDescribesIt() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: demo\ntasks:\n  - id: a\n    run: exit 4\n  - id: b\n    depends_on: [a]\n    run: \"true\"\n")
        let result = try cli.run(["run", "wf.yaml", "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "failed")
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        #expect(tasks[0]["exit_code"] as? Int == 4)
        #expect(tasks[1]["state"] as? String == "upstream_failed")
    }

    @Test func badInputExitsTwoAndWritesNoState() throws {
        let cli = try CLI()
        try cli.write("bad.yaml", "name: demo\ntasks:\n  - id: a\n    run: true\n    retrys: 1\n")
        try cli.write("good.yaml", "name: demo\nparams: {a: b}\ntasks:\n  - id: a\n    run: \"true\"\n")
        let invalid = try cli.run(["run", "bad.yaml"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("bad.yaml:5:5: error: unknown key 'retrys'"))
        let missing = try cli.run(["run", "nope.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yaml"))
        let badParam = try cli.run(["run", "good.yaml", "--param", "zz=1"])
        #expect(badParam.status == 2)
        #expect(badParam.stderr.contains("unknown param 'zz'"))
        let malformedParam = try cli.run(["run", "good.yaml", "--param", "novalue"])
        #expect(malformedParam.status == 2)
        let validate = try cli.run(["validate", "bad.yaml", "good.yaml"])
        #expect(validate.status == 2)
        #expect(validate.stdout.contains("good.yaml: ok"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/state/orchestrator.sqlite"))
        let usage = try cli.run(["run"])
        #expect(usage.status == 2)
    }

    @Test func unknownRunAndUnwritableStateAreClearErrors() throws {
        let cli = try CLI()
        let unknown = try cli.run(["runs", "show", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown run id 'nope'"))
        try cli.write("file", "x")
        let badState = try cli.run(["runs", "list", "--state", "file/sub"])
        #expect(badState.status == 2)
        #expect(badState.stderr.contains("file/sub"))
    }

    @Test func graphPrintsEveryFormat() throws {
        let cli = try CLI()
        try cli.write("wf.yaml", "name: demo\ntasks:\n  - id: a\n    run: \"true\"\n  - id: b\n    depends_on: [a]\n    run: \"true\"\n")
        #expect(try cli.run(["graph", "wf.yaml", "--format", "dot"]).stdout.contains("\"a\" -> \"b\""))
        #expect(try cli.run(["graph", "wf.yaml", "--format", "mermaid"]).stdout.contains("a --> b"))
        #expect(try cli.run(["graph", "wf.yaml"]).stdout.contains("└─ b [shell]"))
    }
}
