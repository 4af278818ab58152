import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Waits for child processes on one thread for the whole process.
///
/// Each child gets a pidfd (Linux 5.3+, glibc 2.36+), which becomes readable when the child ends; one thread
/// polls all of them and reaps each child as it ends. Before, every child had a thread of its own
/// blocked in `waitpid`: a thread created and torn down per task. `wait(pid:)` returns nil when
/// the kernel makes no pidfds; the caller then waits its own way.
final class ChildReaper: Sendable {
    static let shared = ChildReaper()

    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

    /// glibc's `pidfd_open` (2.36+), which Swift's Glibc module does not export.
    private static let pidfdOpen: PidfdOpen? = {
        guard let symbol = dlsym(nil, "pidfd_open") else { return nil }
        return unsafeBitCast(symbol, to: PidfdOpen.self)
    }()

    /// A pipe whose read end is polled with the pidfds: a byte written to it makes the thread
    /// poll again with the set that changed.
    private let wake: (read: Int32, write: Int32)
    private let waiting = Mutex<[Int32: Waiter]>([:])

    private struct Waiter {
        let pid: pid_t
        let continuation: CheckedContinuation<Int32, Never>
    }

    private init() {
        var ends: [Int32] = [-1, -1]
        guard Self.pidfdOpen != nil, pipe(&ends) == 0 else {
            wake = (-1, -1)
            return
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        wake = (ends[0], ends[1])
        let thread = Thread { [self] in loop() }
        thread.name = "orchestrator.reaper"
        thread.stackSize = 64 * 1024
        thread.start()
    }

    /// The raw wait status of `pid` once it has ended, or nil when no pidfd could be made for it.
    func wait(pid: pid_t) async -> Int32? {
        guard wake.write >= 0, let descriptor = Self.pidfdOpen?(pid, 0), descriptor >= 0 else { return nil }
        return await withCheckedContinuation { continuation in
            waiting.withLock { $0[descriptor] = Waiter(pid: pid, continuation: continuation) }
            var byte: UInt8 = 1
            _ = Glibc.write(wake.write, &byte, 1)  // a full pipe already holds a wake-up
        }
    }

    /// Blocks until `pid` ends and returns its raw wait status.
    static func blockingWait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    private func loop() {
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            var watched = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            watched += waiting.withLock { $0.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) } }
            guard poll(&watched, nfds_t(watched.count), -1) > 0 else { continue }
            if watched[0].revents != 0 {
                while read(wake.read, &drain, drain.count) > 0 {}
            }
            for entry in watched.dropFirst() where entry.revents != 0 {
                guard let waiter = waiting.withLock({ $0.removeValue(forKey: entry.fd) }) else { continue }
                close(entry.fd)
                // The pidfd is readable: the child has ended, so this wait returns at once.
                waiter.continuation.resume(returning: Self.blockingWait(waiter.pid))
            }
        }
    }
}
