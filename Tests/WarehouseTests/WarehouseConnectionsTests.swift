import Foundation
import Testing
@testable import Warehouse

@Suite struct WarehouseConnectionsTests {
    @Test func readsNamedConnectionsSkippingCommentsAndBlankLines() throws {
        let file = try WarehouseConnections(text: "# warehouses\n\nretail = postgres://a:b@h1/db1\r\n  other=postgres://c@h2:7/db2 \n", path: "conns")
        #expect(file.entries.map(\.name) == ["retail", "other"])
        #expect(file.entries.map(\.url) == ["postgres://a:b@h1/db1", "postgres://c@h2:7/db2"])
    }

    @Test(arguments: [("no equals sign here\n", 1), ("a = postgres://h/d\na = postgres://h/e\n", 2), ("\n = postgres://h/d\n", 2)])
    func malformedLinesNameTheirLine(text: String, line: Int) {
        #expect(throws: WarehouseError.self) { try WarehouseConnections(text: text, path: "conns") }
        do {
            _ = try WarehouseConnections(text: text, path: "conns")
        } catch {
            #expect(error.errorDescription?.hasPrefix("conns:\(line):") == true)
        }
    }

    @Test func resolvesURLConnectionOrEnvironment() throws {
        let path = NSTemporaryDirectory() + "conns-\(UUID().uuidString)"
        try "retail = postgres://loader:pw@db/retail\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["ORCHESTRATOR_CONNECTIONS": path, "ORCHESTRATOR_WAREHOUSE_URL": "postgres://env@envhost/envdb", "PGPASSWORD": "x"]
        #expect(try WarehouseConnections.resolve(url: nil, connection: "retail", environment: environment).host == "db")
        #expect(try WarehouseConnections.resolve(url: nil, connection: nil, environment: environment).host == "envhost")
        let explicit = try WarehouseConnections.resolve(url: "postgres://u@keyhost/d", connection: nil, environment: environment)
        #expect(explicit.host == "keyhost")
        #expect(explicit.password == "x")
        #expect(throws: WarehouseError.unknownConnection("missing", file: path)) {
            try WarehouseConnections.resolve(url: nil, connection: "missing", environment: environment)
        }
    }

    @Test func aPasswordInTheWorkflowsURLIsRefused() {
        do {
            _ = try WarehouseConnections.resolve(url: "postgres://u:leaked@h/d", connection: nil, environment: [:])
            Issue.record("a url with a password was accepted")
        } catch {
            let message = error.errorDescription ?? ""
            #expect(message.contains("PGPASSWORD"))
            #expect(!message.contains("leaked"))
        }
    }

    @Test func noConnectionAtAllSaysWhatToSet() {
        #expect(throws: WarehouseError.self) { try WarehouseConnections.resolve(url: nil, connection: nil, environment: [:]) }
    }
}
