import Foundation
import RetailExports

/// A fresh directory under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("exports-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var output: OutputDirectory { OutputDirectory(url) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
