import Foundation

/// Where run state lives, parsed once from the command line and the environment: a state folder
/// with its SQLite database (the embedded default), or a PostgreSQL database shared by several
/// hosts. Attempts write their logs in the state folder either way (with PostgreSQL they are
/// copied to its `LogStore` too), and the streaming files stay there.
public enum StateLocation: Sendable, Equatable {
    case sqlite(StateDirectory)
    /// `url` is `postgres://user:password@host:port/database`; `folder` holds this host's log files.
    case postgres(url: String, folder: StateDirectory)

    /// `--database URL`, else `$ORCHESTRATOR_DATABASE_URL`, else SQLite in `--state DIR` (or
    /// `$ORCHESTRATOR_STATE`, or `./state`). A URL that is not `postgres://` or `postgresql://` is
    /// an error that names it (without its password).
    public static func resolve(state: String?, database: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> StateLocation {
        let folder = StateDirectory.resolve(option: state, environment: environment)
        let url = database ?? environment["ORCHESTRATOR_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else { return .sqlite(folder) }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw .cannotOpen(path: redacted(url), reason: "a database URL starts with postgres:// (postgres://user:password@host:5432/name)")
        }
        return .postgres(url: url, folder: folder)
    }

    /// The state folder: this host's log files, and the database itself for SQLite.
    public var folder: StateDirectory {
        switch self {
        case .sqlite(let folder), .postgres(_, let folder): folder
        }
    }

    /// A URL with the password, if any, shown as `***`, and anything after `?` (where a
    /// `password=` parameter could be) as `?***`.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let query = text.firstIndex(of: "?") { text = text[..<query] + "?***" }
        // Without "//" (`postgres:user:pw@host`), the user part starts after the scheme's colon.
        let start = text.range(of: "://")?.upperBound ?? text.firstIndex(of: ":").map { text.index(after: $0) } ?? text.startIndex
        guard let at = text[start...].lastIndex(of: "@"), let colon = text[start..<at].firstIndex(of: ":") else { return text }
        return text[..<text.index(after: colon)] + "***" + text[at...]
    }
}
