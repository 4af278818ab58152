import Testing
@testable import OrchestratorCore

/// A task's `queue:` key routes its attempts to the workers of that queue.
@Suite struct TaskQueueKeyTests {
    @Test func aTaskNamesItsQueueAndOthersTakeTheDefault() throws {
        let workflow = try load("""
            name: q
            tasks:
              - id: heavy
                queue: spark-big_2
                run: echo a
              - id: light
                run: echo b
            """).get()
        #expect(workflow.task("heavy")?.queue == "spark-big_2")
        #expect(workflow.task("light")?.queue == QueueName.default)
    }

    @Test(arguments: ["Spark", "a b", "", "x/y", "é", String(repeating: "q", count: 65)])
    func aQueueThatIsNotASimpleNameIsAnErrorNamingIt(_ queue: String) {
        let found = errors("""
            name: q
            tasks:
              - id: heavy
                queue: "\(queue)"
                run: echo a
            """)
        #expect(found.count == 1)
        #expect(found.first?.contains("queue '\(queue)' of task 'heavy' must match [a-z0-9_-]+") == true, "\(found)")
        #expect(found.first?.hasPrefix("wf.yaml:4:") == true, "\(found)")
    }

    @Test func aNameOfSixtyFourCharactersIsAccepted() {
        #expect(QueueName.isValid(String(repeating: "q", count: 64)))
        #expect(!QueueName.isValid(String(repeating: "q", count: 65)))
    }
}
