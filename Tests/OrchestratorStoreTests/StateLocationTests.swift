import Foundation
import OrchestratorStore
import Testing

/// The state location, log paths and timestamps: the store-side values every command shares.
@Suite struct StateLocationTests {
    @Test func theDatabaseURLWinsOverTheEnvironmentAndBadOnesHideTheirPassword() throws {
        #expect(try StateLocation.resolve(state: "s", database: nil, environment: [:]) == .sqlite(StateDirectory(root: "s")))
        let fromEnvironment = try StateLocation.resolve(state: nil, database: nil, environment: ["ORCHESTRATOR_DATABASE_URL": "postgres://u@h/d"])
        #expect(fromEnvironment == .postgres(url: "postgres://u@h/d", folder: StateDirectory(root: "state")))
        let given = try StateLocation.resolve(state: nil, database: "postgresql://a@b/c", environment: ["ORCHESTRATOR_DATABASE_URL": "postgres://u@h/d"])
        #expect(given == .postgres(url: "postgresql://a@b/c", folder: StateDirectory(root: "state")))
        #expect(throws: StoreError.self) { try StateLocation.resolve(state: nil, database: "sqlite:///x", environment: [:]) }
        do {
            _ = try StateLocation.resolve(state: nil, database: "mysql://u:s3cret@h/d?password=other", environment: [:])
            Issue.record("a mysql:// URL was accepted")
        } catch {
            #expect(!"\(error)".contains("s3cret") && !"\(error)".contains("other"), "\(error)")
        }
        #expect(StateLocation.redacted("postgres://u:pw@h:5432/d") == "postgres://u:***@h:5432/d")
        #expect(StateLocation.redacted("postgres://u@h/d?password=pw&sslmode=off") == "postgres://u@h/d?***")
        #expect(StateLocation.redacted("postgres://u:p@ss@h/d") == "postgres://u:***@h/d")
    }

    @Test func anAttemptLogIsReadFromItsRecordedPathOnlyInsideTheLogsFolder() throws {
        let root = NSTemporaryDirectory() + "state-\(UUID().uuidString)"
        let state = StateDirectory(root: root)
        let old = root + "/logs/r1/extract/attempt-1.log"  // the layout before one folder per run
        try FileManager.default.createDirectory(atPath: (old as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "old\n".write(toFile: old, atomically: true, encoding: .utf8)
        #expect(state.attemptLog(recorded: old, run: "r1", task: "extract", attempt: 1) == old)
        let computed = state.logPath(run: "r1", task: "extract", attempt: 1)
        #expect(computed == root + "/logs/r1/extract.attempt-1.log")
        #expect(state.attemptLog(recorded: "/etc/passwd", run: "r1", task: "extract", attempt: 1) == computed)
        #expect(state.attemptLog(recorded: root + "/logs/../../../etc/passwd", run: "r1", task: "extract", attempt: 1) == computed)
        #expect(state.attemptLog(recorded: root + "/logs/r1/missing.log", run: "r1", task: "extract", attempt: 1) == computed)
        #expect(StateDirectory.outputPath(logPath: computed) == root + "/logs/r1/extract.attempt-1.outputs")
    }

    @Test func timestampsAreWrittenForEveryInstantWithoutTrapping() {
        #expect(Timestamps.iso8601(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamps.iso8601(-1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamps.iso8601(1_764_503_866_123) == "2025-11-30T11:57:46.123Z")
        #expect(Timestamps.iso8601(-62_198_755_200_000).hasPrefix("-0001-"))
        #expect(!Timestamps.iso8601(.min).isEmpty && !Timestamps.iso8601(.max).isEmpty)
    }
}
