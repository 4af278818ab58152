import Foundation
import TestServers
@testable import Warehouse

/// A fresh database on the shared test cluster, with the warehouse URL and SQL through psql.
struct WarehouseDatabase {
    let server: PostgresServer
    let name: String
    let url: WarehouseURL

    static func make() async throws -> WarehouseDatabase {
        let server = try await PostgresServer.shared()
        let name = "wh_" + UUID().uuidString.prefix(8).lowercased()
        let url = try WarehouseURL(parsing: try server.createDatabase(name))
        return WarehouseDatabase(server: server, name: name, url: url)
    }

    var warehouse: PostgresWarehouse { PostgresWarehouse(url: url) }

    /// `sql`'s rows, `|`-separated, one per line.
    func query(_ sql: String) throws -> [String] {
        try server.psql(sql, database: name).split(separator: "\n").map(String.init)
    }

    /// The tables of `folder` (all or `named`), loaded with `mode`.
    func load(_ folder: String, named: [String]? = nil, schema: String = "public", mode: LoadMode = .replace) async throws -> LoadReport {
        let files = try SourceFolder.tables(at: folder, named: named, preferring: .csv)
        return try await warehouse.load(LoadRequest(schema: schema, mode: mode, tables: files))
    }

    /// An md5 over every row of each table in a fixed order: equal fingerprints, equal tables.
    func fingerprint(_ tables: [String], schema: String = "public") throws -> [String] {
        try tables.map { table in
            try query("SELECT '\(table)' || ':' || count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM \"\(schema)\".\"\(table)\" t")
                .joined()
        }
    }
}
