import Foundation
import OrchestratorScheduler

/// The workflows of the folder `serve` was given, read again at most once a second when asked,
/// so the API sees an edited file without a restart (and without re-reading on every request).
public actor WorkflowCatalog {
    var folder: WorkflowFolder
    var readAt: ContinuousClock.Instant?

    public init(folder: WorkflowFolder) {
        self.folder = folder
    }

    /// The workflows by name, in their last valid version.
    public func workflows() -> [String: LoadedWorkflow] {
        let now = ContinuousClock.now
        if readAt.map({ now - $0 > .seconds(1) }) ?? true {
            _ = folder.reload()
            readAt = now
        }
        return folder.workflows
    }

    public func workflow(named name: String) -> LoadedWorkflow? {
        workflows()[name]
    }
}
