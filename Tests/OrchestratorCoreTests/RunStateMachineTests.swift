import Testing
@testable import OrchestratorCore

@Suite struct RunStateMachineTests {
    func workflow(_ tasks: [(String, [String], TriggerRule)]) -> Workflow {
        Workflow(name: "w", tasks: tasks.map { TaskSpec(id: $0.0, type: "shell", dependsOn: $0.1, triggerRule: $0.2) })
    }

    @Test func queuesRootsThenDownstreamInOrder() {
        var machine = RunStateMachine(workflow: workflow([("a", [], .allSuccess), ("b", ["a"], .allSuccess), ("c", [], .allSuccess)]))
        #expect(machine.advance() == [.queue(0), .queue(2)])
        machine.record(0, .running)
        #expect(machine.advance() == [])
        machine.record(0, .succeeded)
        #expect(machine.advance() == [.queue(1)])
        machine.record(1, .succeeded)
        machine.record(2, .succeeded)
        #expect(machine.isFinished)
        #expect(machine.outcome == .succeeded)
    }

    @Test func failurePropagatesAsUpstreamFailedThroughTheChain() {
        var machine = RunStateMachine(workflow: workflow([("a", [], .allSuccess), ("b", ["a"], .allSuccess), ("c", ["b"], .allSuccess),
                                                          ("cleanup", ["c"], .allDone)]))
        _ = machine.advance()
        machine.record(0, .failed)
        #expect(machine.advance() == [.settle(1, .upstreamFailed), .settle(2, .upstreamFailed), .queue(3)])
        machine.record(3, .succeeded)
        #expect(machine.outcome == .failed)
    }

    @Test func retrySelectsFailedTasksAndTheirDownstream() {
        let machine = RunStateMachine(workflow: workflow([("a", [], .allSuccess), ("b", ["a"], .allSuccess), ("c", ["b"], .allSuccess), ("d", [], .allSuccess)]),
                                      states: [.succeeded, .failed, .upstreamFailed, .succeeded])
        #expect(machine.tasksToRetry() == [1, 2])
    }

    static let ruleCases: [(TriggerRule, [TaskState], TriggerRule.Decision)] = [
        (.allSuccess, [.succeeded, .succeeded], .run),
        (.allSuccess, [.succeeded, .failed], .upstreamFailed),
        (.allSuccess, [.succeeded, .skipped], .skip),
        (.allDone, [.failed, .skipped], .run),
        (.allFailed, [.failed, .upstreamFailed], .run),
        (.allFailed, [.failed, .succeeded], .skip),
        (.oneSuccess, [.failed, .succeeded], .run),
        (.oneSuccess, [.failed, .failed], .upstreamFailed),
        (.oneFailed, [.succeeded, .failed], .run),
        (.oneFailed, [.succeeded, .succeeded], .skip),
        (.noneFailed, [.succeeded, .skipped], .run),
        (.noneFailed, [.succeeded, .failed], .upstreamFailed),
    ]

    @Test(arguments: ruleCases)
    func triggerRules(rule: TriggerRule, upstream: [TaskState], expected: TriggerRule.Decision) {
        #expect(rule.decide(upstream: upstream) == expected)
    }
}
