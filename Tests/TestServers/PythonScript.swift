import Foundation

/// Runs a Python script in the test venv and returns its standard output.
public enum PythonScript {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `source` with `arguments`, `input` on stdin and `environment` added to this process's;
    /// throws with the script's stderr when it exits non-zero, or when the venv's python is missing.
    public static func run(_ source: String, arguments: [String] = [], input: String = "", environment: [String: String] = [:]) throws -> String {
        guard let python = TestPython.python else {
            throw Failure(description: "no Python venv at \(TestPython.repository)/.venv (set ORCHESTRATOR_PYTHON or run scripts/test)")
        }
        let folder = NSTemporaryDirectory() + "py-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try source.write(toFile: folder + "/script.py", atomically: true, encoding: .utf8)
        try input.write(toFile: folder + "/stdin", atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: folder + "/stdout", contents: nil)
        FileManager.default.createFile(atPath: folder + "/stderr", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [folder + "/script.py"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle(forReadingAtPath: folder + "/stdin")
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: folder + "/stderr")
        try process.run()
        process.waitUntilExit()
        let stdout = (try? String(contentsOfFile: folder + "/stdout", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python script exited with \(process.terminationStatus): \(stderr.suffix(3000))")
        }
        return stdout
    }
}
