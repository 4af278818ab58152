import Foundation

/// The environment tasks and hooks inherit: the orchestrator's own, less what only the
/// orchestrator needs and a task's log must never show (the run-history database URL carries
/// its password).
enum InheritedEnvironment {
    static let withheld: Set<String> = ["ORCHESTRATOR_DATABASE_URL"]

    static func current() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !withheld.contains($0.key) }
    }
}
