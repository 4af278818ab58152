import Foundation
import OrchestratorCore
import OrchestratorStore
import PostgresStore
import Testing
import TestServers

/// What only the PostgreSQL store has: its URL, connection errors, and migrations shared by
/// several processes.
@Suite struct PostgresRunStoreTests {
    static let password = "s3cret-pw"

    /// The error `open` throws, with its message; records an issue when nothing is thrown.
    static func openError(_ url: String) async -> (error: StoreError?, message: String) {
        let error = await #expect(throws: StoreError.self) { _ = try await PostgresRunStore(url: url) }
        return (error, error?.errorDescription ?? "")
    }

    @Test(arguments: [
        ("mysql://loader:\(password)@127.0.0.1:5432/runs", "mysql://loader:***@127.0.0.1:5432/runs", "the scheme"),
        ("postgres://loader:\(password)@/runs", "postgres://loader:***@/runs", "no host"),
        ("postgres://:\(password)@127.0.0.1/runs", "postgres://:***@127.0.0.1/runs", "no user"),
        ("postgres://loader:\(password)@127.0.0.1:5432", "postgres://loader:***@127.0.0.1:5432", "no database"),
        ("postgres://loader:\(password)@127.0.0.1/runs?sslmode=require", "postgres://loader:***@127.0.0.1/runs?***", "parameters"),
        ("postgres:loader:\(password)@127.0.0.1/runs", "postgres:loader:***@127.0.0.1/runs", "no host"),
    ])
    func aMalformedURLIsRefusedWithoutShowingItsPassword(url: String, shown: String, reason: String) async throws {
        let (error, message) = await Self.openError(url)
        guard case .cannotOpen(let path, _)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(path == shown)
        #expect(message.contains(reason), "\(message)")
        #expect(!message.contains(Self.password))
    }

    @Test func aRefusedConnectionOrAWrongPasswordNamesTheURLWithoutThePassword() async throws {
        let port = try FreePort.next()
        let refused = await Self.openError("postgres://loader:\(Self.password)@127.0.0.1:\(port)/runs")
        #expect(refused.message.hasPrefix("cannot open state database 'postgres://loader:***@127.0.0.1:\(port)/runs'"), "\(refused.message)")
        #expect(!refused.message.contains(Self.password))

        let server = try await PostgresServer.shared()
        let url = try server.createDatabase("runs_" + UUID().uuidString.prefix(8).lowercased())
        let wrong = await Self.openError(url.replacingOccurrences(of: server.password, with: Self.password))
        #expect(wrong.message.contains("password authentication failed"), "\(wrong.message)")
        #expect(!wrong.message.contains(Self.password) && !wrong.message.contains(server.password))
    }

    @Test func processesOpeningAFreshDatabaseAtOnceApplyEachMigrationOnce() async throws {
        let server = try await PostgresServer.shared()
        let name = "runs_" + UUID().uuidString.prefix(8).lowercased()
        let url = try server.createDatabase(name)
        let stores = try await withThrowingTaskGroup(of: PostgresRunStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresRunStore(url: url) } }
            return try await group.reduce(into: [PostgresRunStore]()) { $0.append($1) }
        }
        #expect(try server.psql("SELECT id FROM schema_migrations ORDER BY id", database: name) == "v1\nv2\nv3\n")
        try await stores[0].createRun(Sample.run("r1"))
        #expect(try await stores[3].runDetail(RunID(rawValue: "r1")) != nil)
        for store in stores { await store.shutdown() }
        let reopened = try await PostgresRunStore(url: url)
        #expect(try await reopened.listRuns(RunFilter()).count == 1)
        await reopened.shutdown()
    }

    @Test func aDatabaseWithAnUnknownMigrationIsRefused() async throws {
        let server = try await PostgresServer.shared()
        let name = "runs_" + UUID().uuidString.prefix(8).lowercased()
        let url = try server.createDatabase(name)
        try await PostgresRunStore(url: url).shutdown()
        try server.psql("INSERT INTO schema_migrations (id, applied_at) VALUES ('v99', 0)", database: name)
        let (error, message) = await Self.openError(url)
        guard case .newerSchema? = error else {
            Issue.record("expected newerSchema, got \(String(describing: error))")
            return
        }
        #expect(message.contains("postgres://loader:***@127.0.0.1:\(server.port)/\(name)") && !message.contains(server.password), "\(message)")
    }

    @Test func statementErrorsSayWhatTheServerSaidAndCallsAfterShutdownFail() async throws {
        let server = try await PostgresServer.shared()
        let url = try server.createDatabase("runs_" + UUID().uuidString.prefix(8).lowercased())
        let store = try await PostgresRunStore(url: url)
        try await store.createRun(Sample.run("r1"))
        let duplicate = await #expect(throws: PostgresStoreError.self) { try await store.createRun(Sample.run("r1")) }
        let message = duplicate?.errorDescription ?? ""
        #expect(message.contains("duplicate key") && message.contains("INSERT INTO runs") && message.contains(":***@"), "\(message)")
        #expect(!message.contains(server.password))

        await store.shutdown()
        await #expect(throws: PostgresStoreError.self) { _ = try await store.listRuns(RunFilter()) }
    }
}
