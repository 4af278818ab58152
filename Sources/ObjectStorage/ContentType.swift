/// The `Content-Type` an uploaded file gets, from its extension.
public enum ContentType {
    public static let fallback = "application/octet-stream"

    static let byExtension: [String: String] = [
        "parquet": "application/vnd.apache.parquet",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "json": "application/json",
        "jsonl": "application/x-ndjson",
        "ndjson": "application/x-ndjson",
        "sql": "application/sql",
        "zpln": "application/json",
        "txt": "text/plain",
        "md": "text/markdown",
        "html": "text/html",
        "yaml": "application/yaml",
        "yml": "application/yaml",
        "xml": "application/xml",
        "gz": "application/gzip",
        "zip": "application/zip",
        "avro": "application/avro",
        "orc": "application/octet-stream",
    ]

    /// The type for `path`'s extension (case-insensitive), else `application/octet-stream`.
    public static func forPath(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return fallback }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? fallback
    }
}
