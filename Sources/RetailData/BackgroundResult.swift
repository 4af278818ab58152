import Foundation

/// The result of work running on a dedicated thread.
public final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let cell = ResultCell<Value>()

    /// Starts `work` on a new thread at once.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread { [cell] in cell.settle(Result { try work() }) }.start()
    }

    /// Blocks until the work is done; returns its value or throws its error.
    public func wait() throws -> Value {
        try cell.wait()
    }
}
