import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Waits for child processes on one thread for the whole process.
///
/// Each child gets a pidfd (Linux 5.3+, glibc 2.36+), which becomes readable when the child ends;
/// one thread polls all of them and reaps each child as it ends. Before, every child had a thread
/// of its own blocked in `waitpid`: a thread created and torn down per task. `wait(pid:)` returns
/// nil when no pidfd can be made; the caller then waits its own way.
final class ChildReaper: Sendable {
    static let shared = ChildReaper()

    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// glibc's `pidfd_open` (2.36+) and `pipe2`, which Swift's Glibc module does not export.
    private static let pidfdOpen: PidfdOpen? = symbol("pidfd_open")
    private static let pipe2: Pipe2? = symbol("pipe2")

    private static func symbol<T>(_ name: String) -> T? {
        dlsym(nil, name).map { unsafeBitCast($0, to: T.self) }
    }

    /// A pipe whose read end is polled with the pidfds: a byte written to it makes the thread
    /// poll again with the set that changed. Close-on-exec from its creation, so that no child
    /// spawned meanwhile on another thread inherits it.
    private let wake: (read: Int32, write: Int32)
    private let waiting = Mutex<[Int32: Waiter]>([:])

    private struct Waiter {
        let pid: pid_t
        let continuation: CheckedContinuation<Int32, Never>
    }

    private init() {
        var ends: [Int32] = [-1, -1]
        guard Self.pidfdOpen != nil, let pipe2 = Self.pipe2, pipe2(&ends, O_CLOEXEC | O_NONBLOCK) == 0 else {
            wake = (-1, -1)
            return
        }
        wake = (ends[0], ends[1])
        let thread = Thread { [self] in loop() }
        thread.name = "orchestrator.reaper"
        thread.stackSize = 64 * 1024
        thread.start()
    }

    /// Whether children are waited for here (false: the kernel or C library has no pidfds).
    var isAvailable: Bool { wake.write >= 0 }

    /// The raw wait status of `pid` once it has ended, or nil when no pidfd could be made for it.
    func wait(pid: pid_t) async -> Int32? {
        // pidfds are always close-on-exec.
        guard isAvailable, let descriptor = Self.pidfdOpen?(pid, 0), descriptor >= 0 else { return nil }
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
            let ready = poll(&watched, nfds_t(watched.count), -1)
            if ready < 0 && errno != EINTR { usleep(10_000) }  // out of memory: try again, without spinning
            guard ready > 0 else { continue }
            if watched[0].revents != 0 {
                while read(wake.read, &drain, drain.count) > 0 {}
            }
            for entry in watched.dropFirst() where entry.revents != 0 {
                guard let pid = waiting.withLock({ $0[entry.fd]?.pid }) else { continue }
                // The pidfd is readable: the child has ended, and this thread never blocks on it.
                var status: Int32 = 0
                var reaped: pid_t
                repeat { reaped = waitpid(pid, &status, WNOHANG) } while reaped < 0 && errno == EINTR
                guard reaped != 0 else { continue }  // not ended after all: keep polling it
                let waiter = waiting.withLock { $0.removeValue(forKey: entry.fd) }
                close(entry.fd)
                waiter?.continuation.resume(returning: status)
            }
        }
    }
}
