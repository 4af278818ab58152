import Foundation

/// Writes to the terminal: results on stdout, progress and errors on stderr, colour only on a
/// terminal and never when `NO_COLOR` is set.
enum Console {
    static let colorEnabled: Bool = {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDERR_FILENO) == 1
    }()

    enum Color: String {
        case red = "31", green = "32", yellow = "33", blue = "34", gray = "90", bold = "1"
    }

    static func paint(_ text: String, _ color: Color) -> String {
        colorEnabled ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints one or more error lines; lines already in `FILE:LINE:COL: error:` or `error:` form are kept.
    static func error(_ message: String) {
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            progress(text.contains("error:") ? text : "error: " + text)
        }
    }

    /// A usage error as argument-parser words it (`Error: ...`, then the usage and a hint): the
    /// first line as `error: ...`, the usage lines after it as they are.
    static func usageError(_ message: String) {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return }
        let first = lines.removeFirst()
        error(first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first)
        for line in lines { progress(line) }
    }

    /// JSON with sorted keys and indentation, on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
