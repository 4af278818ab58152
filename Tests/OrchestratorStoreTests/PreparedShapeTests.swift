import OrchestratorCore
import OrchestratorStore
@testable import PostgresStore
import Testing

/// The statements workers and coordinators run most have the texts of their prepared shapes, so
/// that they run prepared (a text that differs would silently run unprepared, only slower).
@Suite struct PreparedShapeTests {
    static func end(_ task: String, outputs: [(key: String, value: String)]) -> TaskTransition {
        .finish(AttemptEnd(task: task, attempt: 2, status: .failed, taskState: .upForRetry, exitCode: 3, error: "boom", outputs: outputs, at: 9))
    }

    @Test func aWorkersClaimIsTheClaimAndStartShape() throws {
        let query = try PostgresRunStore.claimQuery(worker: "host-12", queues: ["default", "spark"], limit: 4, now: 1_000, leaseEnd: 31_000,
                                                    logs: LogLayout(root: "/srv/state/logs"))
        #expect(query.sql == PostgresRunStore.ClaimAndStart.sql)
        #expect(!PostgresRunStore.ClaimAndStart.sql.isEmpty)
        let plain = try PostgresRunStore.claimQuery(worker: "host-12", queues: ["default"], limit: 4, now: 1_000, leaseEnd: 31_000, logs: nil)
        #expect(plain.sql != PostgresRunStore.ClaimAndStart.sql)
    }

    @Test func endsOfClaimedAttemptsWithOrWithoutOutputsAreTheAttemptEndsShape() throws {
        let run = RunID(rawValue: "scheduled__2026-11-30T00:00:00Z")
        let batch = try PostgresTransitions.statement(claims: [
            ClaimWrite(token: FencingToken(rawValue: 7), run: run, [Self.end("a", outputs: [("rows", "3"), ("file", "x")])], completingAt: 10),
            ClaimWrite(token: FencingToken(rawValue: 8), run: run, [Self.end("b", outputs: [])], completingAt: 11),
        ])
        #expect(batch.sql == PostgresTransitions.AttemptEnds.sql)
        let lone = try PostgresTransitions.statement(claims: [ClaimWrite(token: FencingToken(rawValue: 9), run: run, [Self.end("c", outputs: [])],
                                                                         completingAt: 12)])
        #expect(lone.sql == PostgresTransitions.AttemptEnds.sql)
        // Other writes keep their own texts.
        let start = try PostgresTransitions.statement(claims: [
            ClaimWrite(token: FencingToken(rawValue: 9), run: run, [.start(task: "c", attempt: 1, logPath: "/l", at: 1)]),
        ])
        #expect(start.sql != PostgresTransitions.AttemptEnds.sql)
    }

    @Test func aRunsTransitionsHaveOneTextPerGuard() throws {
        let mixes: [[TaskTransition]] = [
            [.state(task: "a", .queued, error: nil, at: 1)],
            [Self.end("a", outputs: [("k", "v")]), .start(task: "b", attempt: 1, logPath: "/l/b", at: 2), .state(task: "c", .skipped, error: nil, at: 2)],
            [.start(task: "b", attempt: 1, logPath: "/l/b", at: 2)],
        ]
        for transitions in mixes {
            #expect(try PostgresTransitions.statement(transitions, run: "manual__1").sql == PostgresTransitions.RunTransitions.sql)
            #expect(try PostgresTransitions.statement(transitions, run: "manual__1", guard: .owner(RunOwner(pid: 42, host: "db-2"))).sql
                    == PostgresTransitions.OwnedRunTransitions.sql)
        }
        #expect(PostgresTransitions.RunTransitions.sql != PostgresTransitions.OwnedRunTransitions.sql)
    }
}
