import Testing
@testable import Warehouse

@Suite struct WarehouseURLTests {
    @Test func parsesEveryPart() throws {
        let url = try WarehouseURL(parsing: "postgres://loader:s%40cret@db.example.com:6543/retail?sslmode=require")
        #expect(url.user == "loader")
        #expect(url.password == "s@cret")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.database == "retail")
        #expect(url.sslMode == .require)
        #expect(url.urlHadPassword)
    }

    @Test func postgresqlSchemeDefaultPortAndNoTLS() throws {
        let url = try WarehouseURL(parsing: "postgresql://me@localhost/db")
        #expect(url.port == 5432)
        #expect(url.sslMode == .disable)
        #expect(url.password == nil)
    }

    @Test func passwordFromPGPASSWORDWhenTheURLHasNone() throws {
        let url = try WarehouseURL(parsing: "postgres://me@localhost/db", environment: ["PGPASSWORD": "fromenv"])
        #expect(url.password == "fromenv")
        #expect(!url.urlHadPassword)
        let own = try WarehouseURL(parsing: "postgres://me:inurl@localhost/db", environment: ["PGPASSWORD": "fromenv"])
        #expect(own.password == "inurl")
    }

    @Test func descriptionRedactsThePassword() throws {
        let url = try WarehouseURL(parsing: "postgres://loader:topsecret@127.0.0.1:5433/wh?sslmode=verify-full")
        #expect(url.description == "postgres://loader:***@127.0.0.1:5433/wh?sslmode=verify-full")
        #expect(!"\(url)".contains("topsecret"))
    }

    @Test(arguments: [
        ("mysql://u@h/db", "scheme"),
        ("postgres://h/db", "no user"),
        ("postgres://u@h/", "no database"),
        ("postgres://u:hunter2@h/db?sslmode=sometimes", "unknown sslmode"),
        ("postgres://u:hunter2@h/db?connect_timeout=3", "unknown parameter"),
    ])
    func refusesBadURLsWithoutShowingThePassword(text: String, reason: String) {
        #expect {
            _ = try WarehouseURL(parsing: text)
        } throws: { error in
            let message = (error as? WarehouseError)?.errorDescription ?? ""
            return message.contains(reason) && !message.contains("hunter2")
        }
    }

    @Test func sslModesMapToTLS() throws {
        for mode in WarehouseURL.SSLMode.allCases {
            let url = try WarehouseURL(parsing: "postgres://u@h/db?sslmode=\(mode.rawValue)")
            let configuration = try url.connectionConfiguration()
            #expect(configuration.tls.isEnforced == [.require, .verifyCA, .verifyFull].contains(mode), "\(mode)")
            #expect(configuration.tls.isAllowed == (mode != .disable), "\(mode)")
        }
    }

    @Test func aMistypedURLWithoutSlashesStillHidesItsPassword() {
        #expect(WarehouseURL.redact("postgres:loader:s3cret@db.example.com/retail") == "postgres:***@db.example.com/retail")
        #expect(WarehouseURL.redact("postgres://loader:s3cret@db/retail") == "postgres://loader:***@db/retail")
    }
}
