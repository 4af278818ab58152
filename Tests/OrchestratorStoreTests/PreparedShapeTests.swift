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
}
