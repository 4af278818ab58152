import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads the `key=value` lines a task appended to `$ORCHESTRATOR_OUTPUT`. Later lines win.
public enum OutputFile {
    public static func read(_ path: String) -> [(key: String, value: String)] {
        guard let data = contents(path) else { return [] }
        var order: [String] = []
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            if values[key] == nil { order.append(key) }
            values[key] = String(line[line.index(after: equals)...])
        }
        return order.map { ($0, values[$0]!) }
    }

    /// The file's bytes, or nil when it cannot be opened: most tasks write no outputs, and the
    /// missing file is one failed `open`, where `FileManager` took about 18 µs.
    static func contents(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
