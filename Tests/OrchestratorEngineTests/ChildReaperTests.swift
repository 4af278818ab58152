import Foundation
import Testing
@testable import OrchestratorEngine

/// The one reaper thread hands each waiter its own child's exit, however many end at once and
/// in whatever order, and reports signals as signals.
@Suite struct ChildReaperTests {
    private func spawn(_ command: String, log: String) throws -> pid_t {
        try ProcessLauncher.spawn(command: command, environment: ProcessInfo.processInfo.environment, workingDirectory: nil, logPath: log)
    }

    private func logPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("reaper-\(UUID().uuidString).log").path
    }

    @Test func eachWaiterGetsItsOwnChildsExitCode() async throws {
        // Linux 5.3+ with glibc 2.36+ (Debian 12): the one reaper thread, not a thread per child.
        #expect(ChildReaper.shared.isAvailable)
        let log = logPath()
        defer { try? FileManager.default.removeItem(atPath: log) }
        // 40 children ending in the reverse order of their start, each with its own code.
        let codes = try await withThrowingTaskGroup(of: (Int32, ProcessLauncher.Exit).self) { group in
            for index in 0..<40 {
                let pid = try spawn("sleep 0.\(String(format: "%02d", 40 - index)); exit \(index + 1)", log: log)
                group.addTask { (Int32(index + 1), await ProcessLauncher.wait(pid: pid)) }
            }
            var seen: [(Int32, ProcessLauncher.Exit)] = []
            for try await result in group { seen.append(result) }
            return seen
        }
        #expect(codes.count == 40)
        for (expected, exit) in codes {
            #expect(exit == ProcessLauncher.Exit(code: expected, signal: nil))
        }
    }

    @Test func aChildEndedBeforeTheWaitIsStillReaped() async throws {
        let log = logPath()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try spawn("exit 7", log: log)
        // Wait until it is a zombie: the pidfd is then readable from the start.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if state.contains(") Z ") { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await ProcessLauncher.wait(pid: pid) == ProcessLauncher.Exit(code: 7, signal: nil))
    }

    @Test func aSignalIsReportedAsASignal() async throws {
        let log = logPath()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try spawn("exec sleep 30", log: log)
        async let exit = ProcessLauncher.wait(pid: pid)
        ProcessLauncher.signalGroup(pid, SIGKILL)
        #expect(await exit == ProcessLauncher.Exit(code: nil, signal: SIGKILL))
    }
}
