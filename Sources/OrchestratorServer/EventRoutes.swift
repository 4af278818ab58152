import Foundation
import Hummingbird
import OrchestratorStore

/// `GET /api/v1/events`: run and task state changes as Server-Sent Events, from any process.
struct EventRoutes: Sendable {
    let backend: RunsBackend
    /// How often the store is looked at.
    var interval: Duration = .milliseconds(400)

    func events(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let store = backend.store
        let interval = interval
        return EventStream.response { sender in
            var tracker = RunChangeTracker()
            var lastWrite = ContinuousClock.now
            while !sender.isStopping {
                for change in try await tracker.poll(store) {
                    switch change {
                    case .run(let summary):
                        try await sender.send("run", RunsJSON.line(summary))
                    case .task(let run, let workflow, let task, let state, let attempts):
                        try await sender.send("task", RunsJSON.line(TaskEventJSON(run: run.rawValue, workflow: workflow, task: task,
                                                                                    state: state.rawValue, attempts: attempts)))
                    }
                    lastWrite = .now
                }
                if ContinuousClock.now - lastWrite > .seconds(15) {
                    try await sender.keepAlive()
                    lastWrite = .now
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}

struct TaskEventJSON: Encodable {
    var run: String
    var workflow: String
    var task: String
    var state: String
    var attempts: Int
}
