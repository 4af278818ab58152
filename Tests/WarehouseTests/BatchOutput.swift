import Foundation
import TestServers

/// The retail batch's output (`powerbi/`, `aggregates/`) for 20,000 generated rows, made once per
/// test process by the built `orchestrator` executable (`swift build` builds it with the tests).
enum BatchOutput {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static let executable = TestPython.repository + "/.build/debug/orchestrator"

    private static let made: Result<String, Failure> = {
        let folder = NSTemporaryDirectory() + "wh-batch-\(UUID().uuidString.prefix(8))"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            return .failure(Failure(description: "\(executable) is missing: run swift build first"))
        }
        let result: (status: Int32, output: String)
        do {
            result = try ChildProcess.run([executable, "run", TestPython.repository + "/workflows/batch.yaml", "--state", folder + "/state",
                                           "--param", "out=\(folder)", "--param", "source=\(folder)/raw.csv", "--param", "rows=20000"])
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
        guard result.status == 0 else { return .failure(Failure(description: "the batch failed with \(result.status): \(result.output.suffix(2000))")) }
        return .success(folder)
    }()

    /// The batch's `out` folder.
    static func folder() throws -> String { try made.get() }

    /// A copy of `powerbi/` and `aggregates/` in one new folder, to be changed by a test.
    static func copy() throws -> String {
        let source = try folder()
        let target = NSTemporaryDirectory() + "wh-copy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for sub in ["powerbi", "aggregates"] { try FileManager.default.copyItem(atPath: source + "/" + sub, toPath: target + "/" + sub) }
        return target
    }
}
