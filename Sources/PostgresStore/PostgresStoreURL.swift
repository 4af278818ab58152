import Foundation
import OrchestratorStore
import PostgresNIO

/// Where the run store lives: `postgres://user[:password]@host[:port]/database` (`postgresql://`
/// too). `description` shows the password as `***`; errors about the URL never carry it.
struct PostgresStoreURL: Sendable, CustomStringConvertible {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String

    init(parsing text: String) throws(StoreError) {
        let shown = StateLocation.redacted(text)
        func refuse(_ reason: String) -> StoreError { .cannotOpen(path: shown, reason: reason) }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased() else {
            throw refuse("not a URL; expected postgres://user:password@host:port/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw refuse("the scheme must be postgres:// or postgresql://") }
        guard let host = parts.host, !host.isEmpty else { throw refuse("no host") }
        guard let user = parts.user?.removingPercentEncoding, !user.isEmpty else { throw refuse("no user (postgres://USER@host/database)") }
        let database = String(parts.path.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw refuse("no database (postgres://user@host/DATABASE)") }
        guard parts.queryItems == nil else { throw refuse("parameters after '?' are not read; give only user, password, host, port and database") }
        self.user = user
        self.password = parts.password?.removingPercentEncoding
        self.host = host
        self.port = parts.port ?? 5432
        self.database = database
    }

    var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

}

extension PostgresStoreURL {
    /// The single connection that applies migrations when the store opens.
    var connectionConfiguration: PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The pool's connections.
    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 10
        return configuration
    }
}
