import Foundation
import Testing

/// The testers' inputs that used to kill `serve --with-scheduler`, sent to a live server: each is
/// refused or quarantined with its reason, and the same process goes on answering and batching.
@Suite(.serialized) struct HostileStreamingInputTests {
    static let landing = """
        name: landing
        schedule: {every: 1s}
        max_active_runs: 1
        tasks:
          - {id: pickup, type: stream_landing, folder: data/incoming}
        """

    static func record(price: String, quantity: String = "6", date: String = "12/1/2010 8:26", stock: String = "85123A") -> String {
        #"{"InvoiceNo":"536365","StockCode":"\#(stock)","Description":"HEART","Quantity":\#(quantity),"# +
            #""InvoiceDate":"\#(date)","UnitPrice":\#(price),"CustomerID":"17850","Country":"United Kingdom"}"#
    }

    @Test func outOfRangePricesQuantitiesAndDatesAre422AndTheServerStaysUp() async throws {
        let cli = try StreamingServeTests.setUp(["streaming.yaml": ServeProcess.streamingWorkflow()])
        let token = try ServeProcess.token(cli, name: "writer", scopes: "admin")
        let server = try await ServeProcess.start(cli, name: "serve")
        defer { DaemonTests.stop(server.process) }

        let hostile: [(body: String, field: String?, value: String)] = [
            (Self.record(price: "9223372036854776"), "UnitPrice", "9223372036854776"),
            (Self.record(price: #""9223372036854776""#), "UnitPrice", "9223372036854776"),
            (Self.record(price: #""9223372036854775.999""#), "UnitPrice", "9223372036854775.999"),
            (Self.record(price: "9223372036854775", quantity: "2"), "UnitPrice", "9223372036854775"),
            (Self.record(price: "999999999999999", quantity: "2"), nil, "Quantity"),
            (Self.record(price: "2.55", date: "0000-01-01 08:26"), "InvoiceDate", "0000"),
        ]
        for (body, field, value) in hostile {
            let reply = try await server.request("POST", "/api/v1/streams/transactions/records", token: token, body: body)
            #expect(reply.status == 422, "\(body) -> \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            let results = reply.json["results"] as? [[String: Any]] ?? []
            let error = results.first?["error"] as? [String: Any] ?? [:]
            #expect(error["code"] as? String == "out_of_range", "\(body) -> \(error)")
            #expect(error["field"] as? String == field, "\(body) -> \(error)")
            #expect((error["message"] as? String ?? "").contains(value), "\(body) -> \(error)")
        }
        // A wrong JSON type for a text field is refused, naming the field.
        let typed = #"{"InvoiceNo":"1","StockCode":"A","Quantity":1,"InvoiceDate":"12/1/2010 8:26","UnitPrice":1,"Country":0}"#
        let typedReply = try await server.request("POST", "/api/v1/streams/transactions/records", token: token, body: typed)
        #expect(typedReply.status == 422)
        #expect("\(typedReply.json)".contains("bad_field") && "\(typedReply.json)".contains("Country"), "\(typedReply.json)")

        // Still up, and a good record still goes through a micro-batch to the query API.
        #expect(server.process.isRunning)
        let good = try await server.request("POST", "/api/v1/streams/transactions/records", token: token,
                                            body: Self.record(price: "2.55"))
        #expect(good.status == 200, "\(String(decoding: good.body, as: UTF8.self))")
        let served = await eventuallyAsync(.seconds(20)) {
            try await server.request("GET", "/api/v1/transactions?invoice_no=536365&stock_code=85123A", token: token).status == 200
        }
        #expect(served, "\(cli.output("serve").stderr.suffix(2000))")
        #expect(await DaemonTests.terminate(server.process) == 0)
    }

    @Test func aLandingFileWithAnOutOfRangePriceIsQuarantinedNotACrashLoop() async throws {
        let cli = try StreamingServeTests.setUp(["streaming.yaml": ServeProcess.streamingWorkflow(), "landing.yaml": Self.landing])
        let token = try ServeProcess.token(cli, name: "admin", scopes: "admin")
        let server = try await ServeProcess.start(cli, name: "serve")
        defer { DaemonTests.stop(server.process) }
        let csv = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,9223372036854776,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
            536366,22633,HAND WARMER UNION JACK,2,12/1/2010 8:28,9223372036854775,17850,United Kingdom

            """
        let incoming = cli.folder + "/data/incoming"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        try csv.write(toFile: cli.folder + "/data/hostile.tmp", atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(atPath: cli.folder + "/data/hostile.tmp", toPath: incoming + "/hostile.csv")

        let landed = await DaemonTests.eventually(.seconds(20)) { FileManager.default.fileExists(atPath: incoming + "/done/hostile.csv") }
        #expect(landed, "\(cli.output("serve").stderr.suffix(2000))")
        #expect(server.process.isRunning, "the server died on the landing file")
        let quarantineFiles = try FileManager.default.contentsOfDirectory(atPath: incoming + "/quarantine")
        #expect(quarantineFiles.count == 1, "\(quarantineFiles)")
        let quarantine = try String(contentsOfFile: incoming + "/quarantine/" + (quarantineFiles.first ?? ""), encoding: .utf8)
        #expect(quarantine.contains("\n2,out_of_range,"), "\(quarantine)")
        #expect(quarantine.contains("\n4,out_of_range,"), "\(quarantine)")

        // The good row is served, so the landing run and the micro-batch both completed.
        let served = await eventuallyAsync(.seconds(20)) {
            try await server.request("GET", "/api/v1/invoices/536365", token: token).json["item_count"] as? Int == 1
        }
        #expect(served)
        #expect(await DaemonTests.terminate(server.process) == 0)
    }
}
