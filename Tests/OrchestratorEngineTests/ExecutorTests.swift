import Foundation
import Testing
@testable import OrchestratorCore
@testable import OrchestratorEngine
@testable import OrchestratorStore
@testable import SQLiteStore

/// A temp folder with a real SQLite store and the built-in registry.
struct EngineFixture {
    let folder: String
    let store: SQLiteRunStore
    let state: StateDirectory
    let registry = TaskRegistry.builtIn

    init() throws {
        folder = NSTemporaryDirectory() + "engine-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        state = StateDirectory(root: folder + "/state")
        store = try SQLiteRunStore(state: state)
    }

    func plan(_ yaml: String) async throws -> RunPlan {
        let launcher = RunLauncher(store: store, registry: registry)
        let workflow = try WorkflowLoader.load(text: yaml, file: "test.yaml", catalog: registry.catalog).get()
        let record = WorkflowRecord(name: workflow.name, hash: WorkflowFile.hash(yaml), file: "test.yaml", yaml: yaml)
        return try await launcher.createRun(workflow, record: record, params: try RunLauncher.resolveParams(workflow, overrides: []))
    }

    /// An executor on the fixture's store, or on `store` (a wrapper around it).
    func executor(_ cancel: CancelSignal = CancelSignal(), store: (any RunStore)? = nil) -> RunExecutor {
        var executor = RunExecutor(store: store ?? self.store, registry: registry, state: state, cancelSignal: cancel)
        executor.pollInterval = .milliseconds(50)
        return executor
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func waitUntil(_ timeout: Duration = .seconds(10), _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

@Suite struct ExecutorTests {
    @Test func runsTasksRetriesAndPassesOutputs() async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("""
            name: t
            params: {dir: \(fixture.folder)}
            tasks:
              - id: produce
                run: echo rows=42 >> "$ORCHESTRATOR_OUTPUT"; echo note=a=b >> "$ORCHESTRATOR_OUTPUT"
              - id: flaky
                retries: 2
                retry_delay: 10ms
                run: n=$(cat ${params.dir}/count 2>/dev/null || echo 0); echo $((n+1)) > ${params.dir}/count; test $n -ge 2
              - id: consume
                depends_on: [produce, flaky]
                run: test "${tasks.produce.outputs.rows}" = 42
            """)
        let outcome = await fixture.executor().execute(plan)
        #expect(outcome.status == .succeeded)
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.tasks.map(\.state) == [.succeeded, .succeeded, .succeeded])
        #expect(detail.tasks[1].attempts == 3)
        #expect(detail.tasks[1].attemptHistory.map(\.status) == [.failed, .failed, .succeeded])
        #expect(detail.tasks[0].outputs == ["rows": "42", "note": "a=b"])
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let fixture = try EngineFixture()
        let pidFile = fixture.folder + "/child.pid"
        let plan = try await fixture.plan("""
            name: t
            tasks:
              - id: slow
                timeout: 300ms
                run: sleep 30 & echo $! > \(pidFile); wait
            """)
        let started = ContinuousClock.now
        let outcome = await fixture.executor().execute(plan)
        // Far below the child's 30 s, with room for a machine busy starting other tests' processes.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(outcome.status == .failed)
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.tasks[0].state == .failed)
        #expect(detail.tasks[0].error == "timeout")
        let child = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await waitUntil { !processExists(child) || isZombie(child) })
    }

    @Test func cancellationKillsRunningTasksAndCancelsTheRest() async throws {
        let fixture = try EngineFixture()
        let marker = fixture.folder + "/started"
        let plan = try await fixture.plan("""
            name: t
            tasks:
              - id: slow
                run: touch \(marker); sleep 30
              - id: after
                depends_on: [slow]
                run: "true"
            """)
        let cancel = CancelSignal()
        async let outcome = fixture.executor(cancel).execute(plan)
        #expect(await waitUntil { FileManager.default.fileExists(atPath: marker) })
        cancel.cancel(.signal(SIGINT))
        let result = await outcome
        #expect(result.status == .cancelled)
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.summary.status == .cancelled)
        #expect(detail.tasks.map(\.state) == [.cancelled, .cancelled])
    }

    @Test func cancelRequestedThroughTheStoreStopsTheRun() async throws {
        let fixture = try EngineFixture()
        let marker = fixture.folder + "/started"
        let plan = try await fixture.plan("name: t\ntasks:\n  - id: slow\n    run: touch \(marker); sleep 30\n")
        async let outcome = fixture.executor().execute(plan)
        #expect(await waitUntil { FileManager.default.fileExists(atPath: marker) })
        let requested = ContinuousClock.now
        _ = try await fixture.store.requestCancel(plan.runID, now: Timestamps.now())
        #expect(await outcome.status == .cancelled)
        #expect(ContinuousClock.now - requested < .seconds(1))
    }

    @Test func runTimeoutFailsTheRun() async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("name: t\ntimeout: 300ms\ntasks:\n  - id: slow\n    run: sleep 30\n")
        let outcome = await fixture.executor().execute(plan)
        #expect(outcome.status == .failed)
        #expect(outcome.error?.contains("run timeout") == true)
    }

    @Test func parallelismIsCapped() async throws {
        let fixture = try EngineFixture()
        let log = fixture.folder + "/concurrency"
        var yaml = "name: t\nmax_parallel_tasks: 2\ntasks:\n"
        for index in 0..<6 {
            yaml += "  - id: t\(index)\n    run: echo start >> \(log); sleep 0.2; echo end >> \(log)\n"
        }
        let outcome = await fixture.executor().execute(try await fixture.plan(yaml))
        #expect(outcome.status == .succeeded)
        var running = 0, peak = 0
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            running += line == "start" ? 1 : -1
            peak = max(peak, running)
        }
        #expect(peak == 2)
    }

    @Test func workingDirIsWhereTheCommandRunsAndAMissingOneIsNamed() async throws {
        let fixture = try EngineFixture()
        try FileManager.default.createDirectory(atPath: fixture.folder + "/inside", withIntermediateDirectories: true)
        let plan = try await fixture.plan("""
            name: t
            tasks:
              - id: here
                working_dir: \(fixture.folder)/inside
                run: pwd > marker
              - id: nowhere
                working_dir: \(fixture.folder)/missing
                run: "true"
            """)
        let outcome = await fixture.executor().execute(plan)
        #expect(outcome.status == .failed)
        let written = try String(contentsOfFile: fixture.folder + "/inside/marker", encoding: .utf8)
        #expect(written.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("/inside"))
        let detail = try #require(try await fixture.store.runDetail(plan.runID))
        #expect(detail.tasks[1].state == .failed)
        #expect(detail.tasks[1].error?.contains("working_dir '\(fixture.folder)/missing' does not exist") == true)
    }

    @Test func shellOutputGoesToTheLogFileNotMemory() async throws {
        let fixture = try EngineFixture()
        let plan = try await fixture.plan("name: t\ntasks:\n  - id: loud\n    run: head -c 50000000 /dev/zero; echo done >&2\n")
        let outcome = await fixture.executor().execute(plan)
        #expect(outcome.status == .succeeded)
        let path = fixture.state.logPath(run: plan.runID.rawValue, task: "loud", attempt: 1)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == 50_000_005)
    }
}

/// True when the pid is a zombie (exited but not yet reaped by its new parent).
func isZombie(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    return stat.split(separator: " ").dropFirst(2).first == "Z"
}
