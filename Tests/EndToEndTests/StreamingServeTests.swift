import Foundation
import Testing

/// The streaming system as a user runs it: `serve --with-scheduler`, tokens, POST, micro-batches, GET.
@Suite(.serialized) struct StreamingServeTests {
    static func setUp(_ workflows: [String: String]) throws -> CLI {
        let cli = try CLI()
        try FileManager.default.createDirectory(atPath: cli.folder + "/wf", withIntermediateDirectories: true)
        for (file, text) in workflows { try cli.write("wf/" + file, text) }
        return cli
    }

    @Test func postThenMicroBatchThenGetWithAuthFailures() async throws {
        let cli = try Self.setUp(["streaming.yaml": ServeProcess.streamingWorkflow()])
        let writer = try ServeProcess.token(cli, name: "writer", scopes: "records:write")
        let reader = try ServeProcess.token(cli, name: "reader", scopes: "transactions:read")
        let server = try await ServeProcess.start(cli, name: "serve")
        defer { DaemonTests.stop(server.process) }

        let record = #"{"InvoiceNo":"536365","StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":2.55,"CustomerID":17850.0,"Country":"United Kingdom"}"#
        let bad = #"{"InvoiceNo":"536366","StockCode":"22633","Quantity":0,"InvoiceDate":"12/1/2010 8:28","UnitPrice":1.85,"Country":"United Kingdom"}"#
        let posted = try await server.request("POST", "/api/v1/streams/transactions/records", token: writer, body: "[\(record),\(bad)]")
        #expect(posted.status == 200)
        #expect(posted.json["accepted"] as? Int == 1 && posted.json["refused"] as? Int == 1 && posted.json["first_seq"] as? Int == 1)

        // Auth failures.
        let anonymous = try await server.request("GET", "/api/v1/transactions?invoice_no=536365&stock_code=85123A", token: nil)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect((anonymous.json["error"] as? [String: Any])?["code"] as? String == "unauthorized")
        let wrongScope = try await server.request("GET", "/api/v1/transactions?invoice_no=536365&stock_code=85123A", token: writer)
        #expect(wrongScope.status == 403)
        #expect(wrongScope.headers["www-authenticate"]?.contains("insufficient_scope") == true)
        let forged = try await server.request("POST", "/api/v1/streams/transactions/records", token: "orc_forged", body: record)
        #expect(forged.status == 401)

        // Visible after a micro-batch.
        var item: [String: Any] = [:]
        let visible = await eventuallyAsync(.seconds(20)) {
            let reply = try await server.request("GET", "/api/v1/transactions?invoice_no=536365&stock_code=85123A", token: reader)
            item = reply.json
            return reply.status == 200
        }
        #expect(visible, "the record never became visible: \(cli.output("serve").stderr.suffix(2000))")
        #expect(item["quantity"] as? Int == 6 && item["unit_price"] as? String == "2.550" && item["revenue"] as? String == "15.300")
        #expect(item["customer_id"] as? String == "17850" && item["invoice_date"] as? String == "2010-12-01T08:26:00")
        let missing = try await server.request("GET", "/api/v1/transactions?invoice_no=536366&stock_code=22633", token: reader)
        #expect(missing.status == 404)

        // Every micro-batch is a run: one succeeded with the record, the empty ones skipped.
        let runs = try DaemonTests.runs(cli)
        #expect(runs.contains { $0["status"] as? String == "succeeded" })
        #expect(runs.allSatisfy { ["succeeded", "skipped", "running", "queued"].contains($0["status"] as? String ?? "") })
        #expect(await DaemonTests.terminate(server.process) == 0)
    }

    @Test func landingFolderFilesAreAppendedOnceAndQuarantineBadRows() async throws {
        let landing = """
            name: landing
            schedule: {every: 1s}
            max_active_runs: 1
            tasks:
              - {id: pickup, type: stream_landing, folder: data/incoming}
            """
        let cli = try Self.setUp(["streaming.yaml": ServeProcess.streamingWorkflow(), "landing.yaml": landing])
        let admin = try ServeProcess.token(cli, name: "admin", scopes: "admin")
        let server = try await ServeProcess.start(cli, name: "serve")
        defer { DaemonTests.stop(server.process) }
        let csv = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
            536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom
            536368,22960,JAM MAKING SET WITH JARS,x,12/1/2010 8:34,4.25,13047,United Kingdom
            C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom

            """
        let incoming = cli.folder + "/data/incoming"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        // Writers drop files in with a rename, so a half-written file is never picked up.
        try csv.write(toFile: cli.folder + "/data/part1.tmp", atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(atPath: cli.folder + "/data/part1.tmp", toPath: incoming + "/part1.csv")

        let moved = await DaemonTests.eventually(.seconds(20)) { FileManager.default.fileExists(atPath: incoming + "/done/part1.csv") }
        #expect(moved, "\(cli.output("serve").stderr.suffix(2000))")
        #expect(!FileManager.default.fileExists(atPath: incoming + "/part1.csv"))
        let quarantine = try String(contentsOfFile: incoming + "/quarantine/part1.csv", encoding: .utf8)
        #expect(quarantine.hasPrefix("line,reason,raw\n5,bad_quantity,"), "\(quarantine)")
        #expect(quarantine.contains("\n6,non_positive_quantity,"), "\(quarantine)")

        let served = await eventuallyAsync(.seconds(20)) {
            try await server.request("GET", "/api/v1/invoices/536365", token: admin).json["item_count"] as? Int == 2
        }
        #expect(served)
        let stats = try await server.request("GET", "/api/v1/streams/transactions", token: admin).json
        #expect(stats["last_seq"] as? Int == 3)

        // The same content dropped again is recognised and not appended twice.
        try csv.write(toFile: cli.folder + "/data/again.tmp", atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(atPath: cli.folder + "/data/again.tmp", toPath: incoming + "/again.csv")
        let movedAgain = await DaemonTests.eventually(.seconds(20)) { FileManager.default.fileExists(atPath: incoming + "/done/again.csv") }
        #expect(movedAgain)
        #expect(try await server.request("GET", "/api/v1/streams/transactions", token: admin).json["last_seq"] as? Int == 3)
        #expect(await DaemonTests.terminate(server.process) == 0)
    }
}

/// Polls an async `condition` every 100 ms until it holds or `timeout` passes; errors count as "not yet".
func eventuallyAsync(_ timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return (try? await condition()) == true
}
