import Logging
import OrchestratorStore
import PostgresNIO
import Synchronization

/// Wakes this process's workers and coordinators when any process queues or ends attempts: one
/// connection of the pool, held while anyone listens, `LISTEN`s on `channel`; the queue's writes
/// send `pg_notify` in their transactions (delivered at commit). Payloads name the event
/// (`QueueEvent.rawValue`).
///
/// A lost connection is opened again (backing off up to 5 s), and everyone is woken once it
/// listens again, since notifications sent meanwhile were missed; waiters also keep a fallback poll.
final class PostgresNotifier: Sendable {
    static let channel = "orchestrator_queue"

    let client: PostgresClient
    let logger: Logger
    let subscribers = Mutex<[ObjectIdentifier: (wakeup: Wakeup, event: QueueEvent)]>([:])
    let listener = Mutex<Task<Void, Never>?>(nil)

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func subscribe(_ wakeup: Wakeup, to event: QueueEvent) {
        subscribers.withLock { $0[ObjectIdentifier(wakeup)] = (wakeup, event) }
        listener.withLock { task in
            if task == nil { task = Task { await self.listen() } }
        }
    }

    func unsubscribe(_ wakeup: Wakeup) {
        let stop = subscribers.withLock { subscribers -> Bool in
            subscribers[ObjectIdentifier(wakeup)] = nil
            return subscribers.isEmpty
        }
        // The last one gone: give the connection back.
        if stop { listener.withLock { task in task?.cancel(); task = nil } }
    }

    /// Stops listening (the store shuts down).
    func stop() {
        listener.withLock { task in task?.cancel(); task = nil }
    }

    func wake(_ event: QueueEvent?) {
        for subscriber in subscribers.withLock({ Array($0.values) }) where event == nil || subscriber.event == event {
            subscriber.wakeup.signal()
        }
    }

    func listen() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        delay = .milliseconds(100)
                        self.wake(nil)
                        for try await notification in notifications {
                            self.wake(QueueEvent(rawValue: notification.payload))
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("queue notifications lost; listening again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}
