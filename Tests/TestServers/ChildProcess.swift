import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end with posix_spawn and waitpid, stdout and stderr into one file.
///
/// Used instead of Foundation's `Process.waitUntilExit` for short helper commands: with commands
/// that fork daemons (`pg_ctl`), waitUntilExit was seen to wait forever on an exited child.
public enum ChildProcess {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Runs `arguments` (the first is an absolute path); returns the exit status and output.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "child-\(UUID().uuidString.prefix(8)).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "could not start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid for \(arguments[0]) failed: \(String(cString: strerror(errno)))") }
        }
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }
}
