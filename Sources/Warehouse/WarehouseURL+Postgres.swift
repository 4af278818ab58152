import PostgresNIO

extension WarehouseURL {
    /// The postgres-nio configuration: TLS per `sslMode` (`require` encrypts without checking the
    /// certificate, as libpq does; `verify-full` checks it and the host name).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable:
            tls = .disable
        case .allow, .prefer:
            tlsConfiguration.certificateVerification = .none
            tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require:
            tlsConfiguration.certificateVerification = .none
            tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        case .verifyCA:
            tlsConfiguration.certificateVerification = .noHostnameVerification
            tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        case .verifyFull:
            tlsConfiguration.certificateVerification = .fullVerification
            tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
