import RetailData
import Streaming

/// A CSV file read for `produce`: each record as one NDJSON line with the CSV's field names.
/// Records the reader cannot split into fields are counted, with their line numbers, and not sent.
struct ReplayFile: CSVRecordVisitor {
    var lines: [[UInt8]] = []
    var unreadable: [(line: Int, reason: String)] = []

    static func read(_ path: String) throws -> ReplayFile {
        let reader = try CSVStreamReader(path: path, columns: RetailColumns.all)
        var file = ReplayFile()
        try reader.read(into: &file)
        return file
    }

    mutating func visit(_ record: CSVRecord) {
        var entries: [(key: String, value: JSONValue)] = []
        for (index, column) in RetailColumns.all.enumerated() {
            let text = Self.text(record[index])
            let optional = index == 2 || index == 6
            entries.append((column.name, optional && text.isEmpty ? .null : .string(text)))
        }
        lines.append(JSONValue.object(entries).bytes)
    }

    mutating func reject(_ issue: CSVRecordIssue) {
        unreadable.append((issue.line, issue.reason.rawValue))
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { TextDecoding.utf8OrLatin1(bytes) }
}
