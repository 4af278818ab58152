import Testing
@testable import OrchestratorCore

@Suite struct RetryAndDurationTests {
    @Test(arguments: [("500ms", 500), ("5s", 5000), ("10m", 600_000), ("2h", 7_200_000), ("1d", 86_400_000), ("1h30m", 5_400_000)])
    func parsesDurations(text: String, millis: Int64) {
        #expect(DurationText.parse(text)?.milliseconds == millis)
    }

    @Test(arguments: ["", "5", "s", "5 minutes", "5x", "-1s"])
    func rejectsBadDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func exponentialBackoffDoublesAndIsCapped() {
        let policy = RetryPolicy(retries: 10, delay: .seconds(1), backoff: .exponential, maxDelay: .seconds(5), jitter: 0.1)
        #expect((1...5).map { policy.baseDelay(after: $0).milliseconds } == [1000, 2000, 4000, 5000, 5000])
        #expect(policy.backoff(after: 1, unit: 0.5).milliseconds == 1050)
        #expect(policy.backoff(after: 4, unit: 0.99).milliseconds == 5000)
    }

    @Test func fixedBackoffStaysTheSame() {
        let policy = RetryPolicy(retries: 2, delay: .milliseconds(200), backoff: .fixed, jitter: 0)
        #expect(policy.backoff(after: 1) == policy.backoff(after: 2))
        #expect(policy.shouldRetry(attempt: 2))
        #expect(!policy.shouldRetry(attempt: 3))
    }

    @Test func runIDsAreShortUniqueAndSortByTime() {
        let first = RunID.generate(milliseconds: 1_700_000_000_000, random: 99)
        let second = RunID.generate(milliseconds: 1_700_000_000_001, random: 1)
        #expect(first.rawValue.count == 14)
        #expect(first < second)
        #expect(RunID.generate(milliseconds: 5, random: 1) != RunID.generate(milliseconds: 5, random: 2))
    }

    @Test func templatesRenderAndEscape() throws {
        let text = try Template.render("a ${params.x} $${params.y} ${HOME} ${tasks.t.outputs.k}") { reference in
            switch reference {
            case .param(let name): "P\(name)"
            case .output(let task, let key): "\(task).\(key)"
            default: nil
            }
        }
        #expect(text == "a Px ${params.y} ${HOME} t.k")
        #expect(throws: TemplateError.self) { try Template.render("${run.nope}") { _ in "" } }
    }
}
