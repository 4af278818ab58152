import OrchestratorCore
@testable import OrchestratorEngine
import OrchestratorStore
import Synchronization
import Testing

/// The worker's group commit: writes made while one is in flight go together in the next call,
/// each caller learns its own claim's result, and a failure reaches every write of its call.
@Suite struct ClaimWriterTests {
    static func write(_ token: Int64) -> ClaimWrite {
        ClaimWrite(token: FencingToken(rawValue: token), run: RunID(rawValue: "r"), [.state(task: "t\(token)", .queued, error: nil, at: 1)])
    }

    @Test func writesThatComeWhileOneIsInFlightShareTheNextCall() async throws {
        let calls = Mutex<[[Int64]]>([])
        let firstCallStarted = Wakeup()
        let releaseFirstCall = Wakeup()
        let writer = ClaimWriter { writes in
            let isFirst = calls.withLock { calls in
                calls.append(writes.map(\.token.rawValue))
                return calls.count == 1
            }
            if isFirst {
                firstCallStarted.signal()
                await releaseFirstCall.wait()
            }
            // Token 13's claim is no longer held.
            return Set(writes.map(\.token).filter { $0.rawValue != 13 })
        }
        let first = Task { try await writer.write(Self.write(1)) }
        await firstCallStarted.wait()
        let later = (10..<15).map { token in Task { try await writer.write(Self.write(Int64(token))) } }
        // The five later writes wait for the call in flight, then go in one call.
        let deadline = ContinuousClock.now + .seconds(10)
        while writer.state.withLock({ $0.waiting.count }) < 5, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        releaseFirstCall.signal()
        #expect(try await first.value)
        var results: [Bool] = []
        for task in later { results.append(try await task.value) }
        #expect(results == [true, true, true, false, true])
        let made = calls.withLock { $0 }
        #expect(made.count == 2)
        #expect(made.first == [1])
        #expect(made.last?.sorted() == [10, 11, 12, 13, 14])
        #expect(writer.state.withLock { !$0.leading && $0.waiting.isEmpty })
    }

    @Test func theClaimsACallEndedAreToldBeforeTheirWritersResume() async throws {
        let told = Mutex<[Int64]>([])
        let writer = ClaimWriter(commit: { writes in
            // Token 2's claim was lost: its completion ended it anyway, as far as the worker goes.
            Set(writes.map(\.token).filter { $0.rawValue != 2 })
        }, ended: { tokens in told.withLock { $0 += tokens.map(\.rawValue) } })
        let start = ClaimWrite(token: FencingToken(rawValue: 1), run: RunID(rawValue: "r"), [])
        #expect(try await writer.write(start))
        #expect(told.withLock { $0 }.isEmpty)
        #expect(try await writer.write(ClaimWrite(token: FencingToken(rawValue: 2), run: RunID(rawValue: "r"), [], completingAt: 5)) == false)
        #expect(told.withLock { $0 } == [2])
    }

    @Test func aCallWaitsForTheWritesOfTheOtherRunningAttemptsAndNoLonger() async throws {
        let calls = Mutex<[[Int64]]>([])
        let gather = Duration.seconds(20)
        let writer = ClaimWriter(commit: { writes in
            calls.withLock { $0.append(writes.map(\.token.rawValue).sorted()) }
            return Set(writes.map(\.token))
        }, gather: gather, running: { 3 })
        let started = ContinuousClock.now
        let first = Task { try await writer.write(Self.write(1)) }
        // The first write waits for the two others the worker still runs, then all go at once.
        try await Task.sleep(for: .milliseconds(20))
        #expect(calls.withLock { $0 }.isEmpty)
        let others = [2, 3].map { token in Task { try await writer.write(Self.write(Int64(token))) } }
        #expect(try await first.value)
        for task in others { #expect(try await task.value) }
        #expect(calls.withLock { $0 } == [[1, 2, 3]])
        // It went once the three were there, not at the end of the window.
        #expect(ContinuousClock.now - started < gather / 2)
    }

    struct Broken: Error {}

    @Test func aFailedCallFailsEachOfItsWritesAndTheNextWriteGoesAgain() async throws {
        let failing = Mutex(true)
        let writer = ClaimWriter { writes in
            if failing.withLock({ $0 }) { throw Broken() }
            return Set(writes.map(\.token))
        }
        await #expect(throws: Broken.self) { try await writer.write(Self.write(1)) }
        failing.withLock { $0 = false }
        #expect(try await writer.write(Self.write(2)))
    }
}
