@preconcurrency import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM into a callback instead of the default exit, while it is alive.
final class SignalTrap: @unchecked Sendable {
    let sources: [any DispatchSourceSignal]
    let signals: [Int32]

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops trapping and restores the default actions.
    func cancel() {
        sources.forEach { $0.cancel() }
        signals.forEach { signal($0, SIG_DFL) }
    }
}
