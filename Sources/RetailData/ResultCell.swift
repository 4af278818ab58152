import Foundation

/// A result that one thread sets once and others wait for.
final class ResultCell<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, any Error>?

    /// Sets the result and wakes every waiter; later calls change nothing.
    func settle(_ outcome: Result<Value, any Error>) {
        condition.lock()
        if result == nil { result = outcome }
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the result is set; returns its value or throws its error.
    func wait() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return try result.get() }
            condition.wait()
        }
    }
}
