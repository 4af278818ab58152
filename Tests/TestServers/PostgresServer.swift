import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL 15 cluster on 127.0.0.1 and a free port, in a temp folder owned by the
/// `postgres` user (the server refuses to run as root, so every server command goes through
/// `runuser -u postgres --` when the tests run as root).
///
/// `start` returns once `pg_isready` answers, with a login role (`loader`, password auth over TCP)
/// and its database; missing binaries throw, so the test fails. `stop` stops the cluster
/// (`pg_ctl stop -m immediate`) and removes the folder. `shared` is one cluster per test process,
/// stopped at exit.
public final class PostgresServer: Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Debian's binaries, or `$ORCHESTRATOR_PG_BIN`.
    public static let binFolder = ProcessInfo.processInfo.environment["ORCHESTRATOR_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    public static let user = "loader"

    public let port: Int
    public let password: String
    public let folder: String
    let stopped = Mutex(false)

    private init(port: Int, password: String, folder: String) {
        self.port = port
        self.password = password
        self.folder = folder
    }

    /// `postgres://loader:PASSWORD@127.0.0.1:PORT/DATABASE`.
    public func url(database: String) -> String { "postgres://\(Self.user):\(password)@127.0.0.1:\(port)/\(database)" }

    /// The cluster shared by the tests of this process, started once on first use (concurrent
    /// callers wait for the same start) and stopped when the process exits.
    public static func shared() async throws -> PostgresServer {
        let starting = sharedStart.withLock { current in
            if let current { return current }
            let task = Task { try await start() }
            current = task
            atexit {
                if case .success(let server)? = PostgresServer.sharedServer.withLock({ $0 }) { server.stop() }
            }
            return task
        }
        let result = await starting.result
        sharedServer.withLock { $0 = result.map { $0 } }
        return try result.get()
    }

    private static let sharedStart = Mutex<Task<PostgresServer, any Error>?>(nil)
    private static let sharedServer = Mutex<Result<PostgresServer, any Error>?>(nil)

    public static func start(timeout: Duration = .seconds(60)) async throws -> PostgresServer {
        for tool in ["initdb", "pg_ctl", "pg_isready", "psql", "postgres"] where !FileManager.default.isExecutableFile(atPath: binFolder + "/" + tool) {
            throw StartError(description: "\(binFolder)/\(tool) is missing: install Debian's postgresql-15 (apt-get install postgresql) or set ORCHESTRATOR_PG_BIN")
        }
        let folder = NSTemporaryDirectory() + "pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else { throw StartError(description: "there is no 'postgres' user to run the server as") }
            guard chown(folder, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw StartError(description: "cannot give \(folder) to the postgres user")
            }
        }
        let password = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let server = PostgresServer(port: try FreePort.next(), password: password, folder: folder)
        do {
            try server.startCluster(timeout: timeout)
            let deadline = ContinuousClock.now + timeout
            while try server.tool("pg_isready", ["-h", "127.0.0.1", "-p", String(server.port), "-q"]).status != 0 {
                guard ContinuousClock.now < deadline else { throw StartError(description: "PostgreSQL did not answer within \(timeout): \(server.log.suffix(2000))") }
                try await Task.sleep(for: .milliseconds(50))
            }
            _ = try server.psql("CREATE ROLE \(user) LOGIN CREATEDB PASSWORD '\(password)'")
            return server
        } catch {
            server.stop()
            throw error
        }
    }

    private func startCluster(timeout: Duration) throws {
        let initdb = try tool("initdb", ["-D", folder + "/data", "-U", "postgres", "-E", "UTF8", "--locale=C",
                                         "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
        guard initdb.status == 0 else { throw StartError(description: "initdb failed: \(initdb.output)") }
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c full_page_writes=off"
        let start = try tool("pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-W", "-o", options, "start"])
        guard start.status == 0 else { throw StartError(description: "pg_ctl start failed: \(start.output)") }
    }

    /// The server's log.
    public var log: String { (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "" }

    /// A new empty database owned by `loader`; returns its URL.
    public func createDatabase(_ name: String = "wh_" + UUID().uuidString.prefix(8).lowercased()) throws -> String {
        _ = try psql("CREATE DATABASE \(name) OWNER \(Self.user)")
        return url(database: name)
    }

    /// Runs `sql` as the superuser over the socket; unaligned, tuples-only output. Throws on an error.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try tool("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", folder, "-p", String(port), "-U", "postgres",
                                       "-d", database, "-c", sql])
        guard result.status == 0 else { throw StartError(description: "psql failed: \(result.output)") }
        return result.output
    }

    public func stop() {
        let already = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !already else { return }
        _ = try? tool("pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs a server binary as the postgres user (through runuser when root); output is stdout and stderr together.
    func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let binary = Self.binFolder + "/" + name
        let argv = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", binary] + arguments : [binary] + arguments
        return try ChildProcess.run(argv)
    }
}
