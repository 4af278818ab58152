import Foundation

/// Where the warehouse is: `postgres://user[:password]@host[:port]/database[?sslmode=MODE]`
/// (`postgresql://` too). The password comes from the URL or, when the URL has none, from
/// `PGPASSWORD`. `description` never shows it.
public struct WarehouseURL: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode` values. `require` encrypts without checking the certificate, `verify-ca`
    /// checks the chain, `verify-full` the chain and host name; `prefer`/`allow` try TLS first.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    /// - Parameter environment: where `PGPASSWORD` is looked up when the URL has no password.
    public init(parsing text: String, environment: [String: String] = [:]) throws(WarehouseError) {
        let redacted = Self.redact(text)
        guard let components = URLComponents(string: text) else { throw .invalidURL(redacted, reason: "not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw .invalidURL(redacted, reason: "the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(redacted, reason: "no host") }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw .invalidURL(redacted, reason: "no user (postgres://USER@host/db)")
        }
        let database = String(components.path.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty else { throw .invalidURL(redacted, reason: "no database (postgres://user@host/DATABASE)") }
        var sslMode = SSLMode.disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw .invalidURL(redacted, reason: "unknown sslmode '\(item.value ?? "")'; use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            default:
                throw .invalidURL(redacted, reason: "unknown parameter '\(item.name)' (only sslmode is read)")
            }
        }
        self.user = user
        self.password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        self.host = host
        self.port = components.port ?? 5432
        self.database = database
        self.sslMode = sslMode
        urlHadPassword = components.password != nil
    }

    /// Whether the text itself carried a password (as opposed to `PGPASSWORD`).
    public private(set) var urlHadPassword = false

    /// The URL with the password shown as `***`.
    public var description: String {
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        let query = sslMode == .disable ? "" : "?sslmode=\(sslMode.rawValue)"
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)\(query)"
    }

    /// `text` with anything between `user:` and `@` replaced by `***`, for error messages about a URL that did not parse.
    /// Without `://` (a mistyped URL such as `postgres:user:pw@host/db`), everything between the
    /// first `:` and the last `@` goes.
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else {
            guard let colon = text.firstIndex(of: ":"), let at = text.lastIndex(of: "@"), colon < at else { return text }
            return String(text[...colon]) + "***" + String(text[at...])
        }
        guard let at = text[scheme.upperBound...].lastIndex(of: "@") else { return text }
        let userInfo = text[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
