import Foundation

/// The test virtual environment's Python (`ORCHESTRATOR_PYTHON`, else the checkout's `.venv`), made by
/// `scripts/test`. Tests that need a real reader or server fail when it or a module is missing.
public enum TestPython {
    /// The checkout's root, found from this file's path.
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The interpreter, or `nil` when neither candidate exists.
    public static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["ORCHESTRATOR_PYTHON"], repository + "/.venv/bin/python"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The folder holding the venv's console scripts (`moto_server`, `spark-submit`, `aws`).
    public static var binFolder: String? {
        python.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    }

    /// Whether `import MODULES` succeeds in that interpreter.
    public static func canImport(_ modules: String) -> Bool {
        guard let python else { return false }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import \(modules)"]
        check.standardError = FileHandle.nullDevice
        check.standardOutput = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }
}
