import Foundation

/// Reads the `key=value` lines a task appended to `$ORCHESTRATOR_OUTPUT`. Later lines win.
public enum OutputFile {
    public static func read(_ path: String) -> [(key: String, value: String)] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
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
}
