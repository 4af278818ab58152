import Streaming

/// The records of a POST body: a JSON object, a JSON array of objects, or NDJSON.
enum RecordsBody {
    /// Splits `bytes` into record values. NDJSON is used when the content type says so, or when the
    /// body is not one JSON document but its first line is. Errors give the line and column.
    static func parse(_ bytes: [UInt8], contentType: String?) throws(JSONSyntaxError) -> [JSONValue] {
        if contentType?.lowercased().contains("ndjson") == true { return try ndjson(bytes) }
        do {
            switch try JSONParser.parse(bytes) {
            case .array(let items): return items
            case let single: return [single]
            }
        } catch {
            if let newline = bytes.firstIndex(of: 0x0A), (try? JSONParser.parse(bytes, start: 0, end: newline)) != nil {
                return try ndjson(bytes)
            }
            throw error
        }
    }

    static func ndjson(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [JSONValue] {
        var values: [JSONValue] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if bytes[start..<end].contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) {
                values.append(try JSONParser.parse(bytes, start: start, end: end))
            }
            start = end + 1
        }
        return values
    }
}
