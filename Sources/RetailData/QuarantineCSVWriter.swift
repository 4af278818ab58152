import Foundation

/// Writes quarantine entries as `quarantine.csv`: UTF-8, header `line,reason,raw`, CRLF line ends,
/// fields quoted per RFC 4180 when they hold a comma, quote or line break.
public enum QuarantineCSVWriter {
    public static let header = "line,reason,raw"

    /// The whole file as a string.
    public static func csv(_ entries: [QuarantineEntry]) -> String {
        var text = header + "\r\n"
        for entry in entries {
            text += csvLine([String(entry.line), entry.reason.rawValue, entry.raw])
            text += "\r\n"
        }
        return text
    }

    /// Writes the file at `url` (replacing it).
    public static func write(_ entries: [QuarantineEntry], to url: URL) throws {
        let writer = try ByteFileWriter(path: url.path)
        writer.append(header + "\r\n")
        for entry in entries {
            writer.append(csvLine([String(entry.line), entry.reason.rawValue, entry.raw]))
            writer.append(13)
            writer.append(10)
            try writer.flushIfNeeded()
        }
        try writer.close()
    }

    /// One CSV line (no line break) from `fields`, quoting where RFC 4180 requires it.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }

    /// `field` as a CSV field: wrapped in quotes, inner quotes doubled, when it holds `,` `"` CR or LF.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 44 || $0 == 34 || $0 == 13 || $0 == 10 }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
