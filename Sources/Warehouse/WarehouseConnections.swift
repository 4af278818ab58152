import Foundation

/// Named warehouse connections, kept outside workflows so passwords stay out of YAML and run records.
///
/// The file is `$ORCHESTRATOR_CONNECTIONS`, else `~/.config/orchestrator/connections`: one
/// `name = url` per line; blank lines and lines starting with `#` are skipped.
///
/// ```
/// # analytics warehouse
/// retail = postgres://loader:secret@db.internal:5432/retail?sslmode=verify-full
/// ```
public struct WarehouseConnections: Sendable {
    public static let environmentVariable = "ORCHESTRATOR_CONNECTIONS"
    public static let urlVariable = "ORCHESTRATOR_WAREHOUSE_URL"

    public var path: String
    public var entries: [(name: String, url: String)]

    /// Parses `text`, the contents of the file at `path` (named in errors).
    public init(text: String, path: String) throws(WarehouseError) {
        self.path = path
        entries = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .connectionsFile(path, line: number + 1, reason: "expected 'name = postgres://...'")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let url = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !url.isEmpty else {
                throw .connectionsFile(path, line: number + 1, reason: "expected 'name = postgres://...'")
            }
            guard !entries.contains(where: { $0.name == name }) else {
                throw .connectionsFile(path, line: number + 1, reason: "connection '\(name)' is defined twice")
            }
            entries.append((name, url))
        }
    }

    /// The file named by `environment`, read and parsed.
    public static func load(environment: [String: String]) throws(WarehouseError) -> WarehouseConnections {
        let path = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config/orchestrator/connections"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .noConnection("the connections file \(path) does not exist (set \(environmentVariable))")
        }
        return try WarehouseConnections(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The URL a task's keys and environment point at: `url` (which must not carry a password),
    /// else the named `connection`, else `$ORCHESTRATOR_WAREHOUSE_URL`.
    public static func resolve(url: String?, connection: String?, environment: [String: String]) throws(WarehouseError) -> WarehouseURL {
        switch (url, connection) {
        case (.some, .some):
            throw .noConnection("give 'url' or 'connection', not both")
        case (let url?, nil):
            let parsed = try WarehouseURL(parsing: url, environment: environment)
            guard !parsed.urlHadPassword else {
                throw .invalidURL(WarehouseURL.redact(url), reason: "a password in the workflow would be stored with the run; use PGPASSWORD, \(urlVariable) or a connections file")
            }
            return parsed
        case (nil, let name?):
            let file = try load(environment: environment)
            guard let entry = file.entries.first(where: { $0.name == name }) else { throw .unknownConnection(name, file: file.path) }
            return try WarehouseURL(parsing: entry.url, environment: environment)
        case (nil, nil):
            guard let text = environment[urlVariable], !text.isEmpty else {
                throw .noConnection("set \(urlVariable), or give the task 'connection' (a name in $\(environmentVariable)) or 'url'")
            }
            return try WarehouseURL(parsing: text, environment: environment)
        }
    }
}
