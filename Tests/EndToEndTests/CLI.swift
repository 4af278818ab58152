import Foundation
import Testing

/// Drives the built `orchestrator` executable in a temp folder.
struct CLI {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    static let executable: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/debug/orchestrator", ".build/release/orchestrator"] {
            let path = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/orchestrator").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    /// Starts the command with stdout and stderr going to files in the folder; `environment` is
    /// added to (and overrides) the test process's own.
    func start(_ arguments: [String], name: String = "out", environment extra: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "ORCHESTRATOR_STATE")
        environment.removeValue(forKey: "ORCHESTRATOR_DATABASE_URL")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        FileManager.default.createFile(atPath: "\(folder)/\(name).stdout", contents: nil)
        FileManager.default.createFile(atPath: "\(folder)/\(name).stderr", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: "\(folder)/\(name).stdout")
        process.standardError = FileHandle(forWritingAtPath: "\(folder)/\(name).stderr")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func output(_ name: String) -> Result {
        Result(status: -1, stdout: (try? String(contentsOfFile: "\(folder)/\(name).stdout", encoding: .utf8)) ?? "",
               stderr: (try? String(contentsOfFile: "\(folder)/\(name).stderr", encoding: .utf8)) ?? "")
    }

    /// Runs the command to its end.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let name = "cmd-\(UUID().uuidString.prefix(8))"
        let process = try start(arguments, name: name, environment: environment)
        process.waitUntilExit()
        var result = output(name)
        result.status = process.terminationStatus
        return result
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments) failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func runDetail(_ id: String) throws -> [String: Any] {
        try json(["runs", "show", id, "--json"]) as? [String: Any] ?? [:]
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(_ timeout: Duration = .seconds(20), _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return try condition()
}
