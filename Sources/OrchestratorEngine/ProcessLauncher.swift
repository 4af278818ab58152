import Foundation
import OrchestratorStore
#if canImport(Glibc)
import Glibc
#endif

/// Starts `/bin/sh -c COMMAND` in its own process group with stdout and stderr appended to a
/// file, and waits for it without blocking the cooperative thread pool.
///
/// Output goes straight from the child to the log file: the orchestrator never holds it in memory.
public enum ProcessLauncher {
    public struct Exit: Sendable, Equatable {
        /// The exit status, or nil when a signal ended the process.
        public var code: Int32?
        public var signal: Int32?
    }

    public enum LaunchError: LocalizedError {
        case cannotOpenLog(path: String, errno: Int32)
        case spawnFailed(command: String, errno: Int32)
        case badWorkingDirectory(path: String)
        case workingDirectoryUnsupported(path: String)

        public var errorDescription: String? {
            switch self {
            case .cannotOpenLog(let path, let code): "cannot open log file '\(path)': \(String(cString: strerror(code)))"
            case .spawnFailed(let command, let code): "cannot start '\(command)': \(String(cString: strerror(code)))"
            case .badWorkingDirectory(let path): "working_dir '\(path)' does not exist or is not a folder"
            case .workingDirectoryUnsupported(let path): "cannot start a process in working_dir '\(path)': this C library lacks posix_spawn_file_actions_addchdir_np (glibc 2.29+)"
            }
        }
    }

    /// Starts `/bin/sh -c command`; returns the child's pid, which is also its process group id.
    public static func spawn(command: String, environment: [String: String], workingDirectory: String?, logPath: String) throws -> pid_t {
        try spawn(arguments: ["/bin/sh", "-c", command], environment: environment, workingDirectory: workingDirectory, logPath: logPath)
    }

    /// Starts `arguments[0]` (an absolute path) with `arguments` as its argv, in a new process group,
    /// with stdin from /dev/null and stdout and stderr appended to `logPath`.
    public static func spawn(arguments: [String], environment: [String: String], workingDirectory: String?, logPath: String) throws -> pid_t {
        let command = arguments.joined(separator: " ")
        if let workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw LaunchError.badWorkingDirectory(path: workingDirectory)
            }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let logFD = LogFile.openAppending(logPath)
        guard logFD >= 0 else { throw LaunchError.cannotOpenLog(path: logPath, errno: errno) }
        defer { close(logFD) }
        posix_spawn_file_actions_adddup2(&actions, logFD, 1)
        posix_spawn_file_actions_adddup2(&actions, logFD, 2)
        if let workingDirectory {
            guard let addChdir = addChdir else { throw LaunchError.workingDirectoryUnsupported(path: workingDirectory) }
            _ = addChdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let environmentStrings = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environmentStrings) { envp in
                posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else { throw LaunchError.spawnFailed(command: command, errno: status) }
        return pid
    }

    /// Waits for the child without blocking the cooperative thread pool and returns how it ended:
    /// on the process's one reaper thread, or on a thread of its own where the kernel lacks pidfds.
    public static func wait(pid: pid_t) async -> Exit {
        let status: Int32
        if let reaped = await ChildReaper.shared.wait(pid: pid) {
            status = reaped
        } else {
            status = await withCheckedContinuation { continuation in
                let thread = Thread { continuation.resume(returning: ChildReaper.blockingWait(pid)) }
                thread.stackSize = 64 * 1024
                thread.start()
            }
        }
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        return signaled ? Exit(code: nil, signal: status & 0x7f) : Exit(code: (status >> 8) & 0xff, signal: nil)
    }

    /// Sends `signal` to the whole process group `group`.
    public static func signalGroup(_ group: pid_t, _ signal: Int32) {
        kill(-group, signal)
    }

    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does not export.
    nonisolated(unsafe) static let addChdir: AddChdir? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
