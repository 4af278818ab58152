import Synchronization

/// In-memory values that tasks of one run hand to each other, keyed by the file they were also
/// written to (in-process task types write a file for durability and `retry`, and downstream
/// tasks read the in-memory copy instead of parsing it again). Lives as long as one execution.
public final class RunArtifacts: Sendable {
    let values = Mutex<[String: any Sendable]>([:])

    public init() {}

    public func store(_ value: any Sendable, for key: String) {
        values.withLock { $0[key] = value }
    }

    public func value<T: Sendable>(for key: String, as type: T.Type = T.self) -> T? {
        values.withLock { $0[key] as? T }
    }
}
