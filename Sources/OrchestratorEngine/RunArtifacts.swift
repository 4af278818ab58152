import Foundation
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

    /// Drops every value, freeing them on a thread of their own: a batch's tables are tens of
    /// megabytes, and giving them back to the system takes milliseconds that the run's final
    /// commit and summary need not wait for.
    func releaseInBackground() {
        // Moved into the box under the lock, so that the box holds the only reference.
        let box = values.withLock { values in
            let box = ReleasedValues(values)
            values = [:]
            return box
        }
        guard !box.isEmpty else { return }
        Thread { box.drop() }.start()
    }
}

/// Values handed to the releasing thread, which drops the last reference to them.
private final class ReleasedValues: @unchecked Sendable {
    private var values: [String: any Sendable]?

    init(_ values: [String: any Sendable]) {
        self.values = values
    }

    var isEmpty: Bool { values?.isEmpty ?? true }

    func drop() {
        values = nil
    }
}
