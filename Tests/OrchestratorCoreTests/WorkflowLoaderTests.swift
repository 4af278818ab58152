import Testing
@testable import OrchestratorCore

let shellCatalog = [TaskTypeDescriptor(name: "shell", summary: "shell", keys: [.init("run", required: true, summary: "command")])]

func load(_ yaml: String) -> Result<Workflow, DiagnosticsError> {
    WorkflowLoader.load(text: yaml, file: "wf.yaml", catalog: shellCatalog)
}

func errors(_ yaml: String) -> [String] {
    switch load(yaml) {
    case .success: return []
    case .failure(let error): return error.diagnostics.map(\.description)
    }
}

@Suite struct WorkflowLoaderTests {
    @Test func parsesAFullWorkflow() throws {
        let workflow = try load("""
            name: example
            description: text
            params: {source: data/raw/x.csv, out: data/out}
            defaults: {retries: 2, retry_delay: 5s, retry_backoff: exponential, max_retry_delay: 5m, timeout: 30m}
            max_parallel_tasks: 4
            timeout: 2h
            on_failure: "echo failed"
            tasks:
              - id: extract
                type: shell
                run: ./extract.sh "${params.source}"
                env: {KEY: value}
                working_dir: .
                retries: 3
                retry_delay: 1s
                timeout: 10s
              - id: load
                type: shell
                depends_on: [extract]
                trigger_rule: all_done
                run: echo "${tasks.extract.outputs.rows}"
            """).get()
        #expect(workflow.name == "example")
        #expect(workflow.params.map(\.name) == ["source", "out"])
        #expect(workflow.maxParallelTasks == 4)
        #expect(workflow.timeout == .seconds(7200))
        #expect(workflow.hooks.onFailure == "echo failed")
        let extract = try #require(workflow.task("extract"))
        #expect(extract.retry.retries == 3)
        #expect(extract.retry.delay == .seconds(1))
        #expect(extract.retry.backoff == .exponential)
        #expect(extract.retry.maxDelay == .seconds(300))
        #expect(extract.timeout == .seconds(10))
        #expect(extract.env.first?.name == "KEY")
        #expect(extract.workingDir == ".")
        let load = try #require(workflow.task("load"))
        #expect(load.retry.retries == 2)
        #expect(load.timeout == .seconds(1800))
        #expect(load.triggerRule == .allDone)
        #expect(load.dependsOn == ["extract"])
        #expect(load.config("run")?.text == "echo \"${tasks.extract.outputs.rows}\"")
    }

    static let invalidCases: [(String, String, String)] = [
        ("name: x\ntasks:\n  - id: a\n    run: [unclosed\n", "wf.yaml:", "YAML syntax"),
        ("name: x\ntasks:\n  - id: a\n    run: true\n    retrys: 2\n", "wf.yaml:5:5: error: unknown key 'retrys' in task 'a' of type 'shell' (did you mean 'retries'?)", ""),
        ("name: x\ntaks: []\n", "wf.yaml:2:1: error: unknown key 'taks' in workflow (did you mean 'tasks'?)", ""),
        ("tasks:\n  - id: a\n    run: true\n", "wf.yaml:1:1: error: missing required key 'name' in workflow", ""),
        ("name: x\ntasks:\n  - id: a\n", "wf.yaml:3:5: error: missing required key 'run' in task 'a' of type 'shell'", ""),
        ("name: x\ntasks:\n  - id: a\n    run: true\n  - id: a\n    run: true\n", "wf.yaml:5:5: error: duplicate task id 'a' (first defined at line 3)", ""),
        ("name: x\ntasks:\n  - id: a\n    run: true\n    depends_on: [bb]\n", "wf.yaml:3:5: error: task 'a' depends on unknown task 'bb'", ""),
        ("name: x\ntasks:\n  - id: a\n    run: true\n    depends_on: [c]\n  - id: b\n    run: true\n    depends_on: [a]\n  - id: c\n    run: true\n    depends_on: [b]\n",
         "wf.yaml:3:5: error: dependency cycle: a -> b -> c -> a", ""),
        ("name: x\ntasks:\n  - id: a\n    type: shel\n    run: true\n", "wf.yaml:4:11: error: unknown task type 'shel' (did you mean 'shell'?)", ""),
        ("name: x\ntasks:\n  - id: a\n    run: true\n    timeout: 5 minutes\n", "wf.yaml:5:14: error: bad duration '5 minutes' for 'timeout'", ""),
        ("name: x\nparams: {a: 1}\ntasks:\n  - id: a\n    run: echo ${params.b}\n", "wf.yaml:5:10: error: task 'a' uses undefined param 'b'", ""),
        ("name: x\ntasks:\n  - id: a\n    run: true\n  - id: b\n    run: echo ${tasks.a.outputs.rows}\n",
         "wf.yaml:6:10: error: task 'b' uses output 'rows' of task 'a', which is not upstream of it", ""),
        ("name: Bad Name\ntasks:\n  - id: a\n    run: true\n", "wf.yaml:1:7: error: workflow name 'Bad Name' must match [a-z0-9_-]+", ""),
        ("name: x\ntasks:\n  - id: a\n    run: true\n    trigger_rule: all_sucess\n", "wf.yaml:5:19: error: unknown trigger_rule 'all_sucess' (did you mean 'all_success'?)", ""),
    ]

    @Test(arguments: invalidCases)
    func reportsEachProblemWithItsPlace(yaml: String, expected: String, fragment: String) {
        let found = errors(yaml)
        #expect(found.contains { $0.hasPrefix(expected) && (fragment.isEmpty || $0.contains(fragment)) }, "got \(found)")
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = errors("name: x\ntasks:\n  - id: a\n    run: true\n    retrys: 1\n  - id: b\n    type: nope\n    depends_on: [zz]\n")
        #expect(found.count == 3, "got \(found)")
        #expect(found.allSatisfy { $0.hasPrefix("wf.yaml:") })
    }

    @Test func shellVariablesWithoutDotsAreNotTemplates() throws {
        _ = try load("name: x\ntasks:\n  - id: a\n    run: echo ${HOME} $$${params.nope}\n").get()
    }

    @Test func validatesTenThousandTasksQuickly() throws {
        var yaml = "name: big\ntasks:\n"
        for index in 0..<10_000 {
            yaml += "  - id: t\(index)\n    run: \"true\"\n" + (index % 10 == 0 ? "" : "    depends_on: [t\(index - 1)]\n")
        }
        let workflow = try load(yaml).get()
        #expect(workflow.tasks.count == 10_000)
        #expect(DAG(tasks: workflow.tasks).topologicalOrder()?.count == 10_000)
    }
}
