import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Where the server listens and how it treats idle connections.
public struct APIServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// A connection with no traffic for this long is closed (slow or stuck clients).
    public var idleTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, idleTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
    }
}

extension APIService {
    /// The HTTP application, to run as a service. `onListening` gets the bound port once the
    /// socket accepts connections (useful with port 0).
    public func makeApplication(_ configuration: APIServerConfiguration, logger: Logger,
                                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        // Saturating: an absurdly long timeout means "never", not an overflow.
        let (seconds, attoseconds) = configuration.idleTimeout.components
        let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let longest = Int64.max / 1_000_000 - 1000  // TimeAmount counts nanoseconds in an Int64
        let idle = TimeAmount.milliseconds(overflow ? longest : min(millis, longest) + attoseconds / 1_000_000_000_000_000)
        return Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "orchestrator"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
