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

    @Test func produceReplaysACSVAndReportsAcceptedAndRefused() async throws {
        let cli = try Self.setUp([:])
        let writer = try ServeProcess.token(cli, name: "writer", scopes: "records:write")
        let generated = try cli.run(["datagen", "online-retail", "--rows", "3000", "--seed", "7", "--out", "retail.csv"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let server = try await ServeProcess.start(cli, name: "serve", scheduler: false)
        defer { DaemonTests.stop(server.process) }
        let url = "http://127.0.0.1:\(server.port)"
        let produced = try cli.run(["produce", "retail.csv", "--url", url, "--token", writer, "--batch", "400", "--json"])
        #expect(produced.status == 0, "\(produced.stderr)")
        let tally = try #require(try JSONSerialization.jsonObject(with: Data(produced.stdout.utf8)) as? [String: Any])
        let accepted = try #require(tally["accepted"] as? Int), refused = try #require(tally["refused"] as? Int)
        #expect(tally["records"] as? Int == 3000 && tally["sent"] as? Int == 3000 && accepted + refused == 3000, "\(tally)")
        #expect(refused > 0 && accepted > 2000, "the synthetic file has cancellations and zero prices: \(tally)")
        let byCode = try #require(tally["refused_by_code"] as? [String: Int])
        #expect(byCode.values.reduce(0, +) == refused && byCode["non_positive_quantity", default: 0] > 0, "\(byCode)")
        // A bad token stops it at once with a clear error (exit 2, like other bad input).
        let denied = try cli.run(["produce", "retail.csv", "--url", url, "--token", "orc_wrong"])
        #expect(denied.status == 2 && denied.stderr.contains("401"), "\(denied.stderr)")
        #expect(await DaemonTests.terminate(server.process) == 0)
    }

    @Test func aSlowClientTimesOutAndTheServerKeepsServing() async throws {
        let cli = try Self.setUp([:])
        let writer = try ServeProcess.token(cli, name: "writer", scopes: "records:write")
        let server = try await ServeProcess.start(cli, name: "serve", scheduler: false, extra: ["--idle-timeout", "1s"])
        defer { DaemonTests.stop(server.process) }
        // Headers promise 100 bytes of body; only 10 ever come.
        let socket = try RawSocket(port: server.port)
        let started = ContinuousClock.now
        try socket.send("POST /api/v1/streams/t/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(writer)\r\nContent-Length: 100\r\n\r\n{\"Invoice")
        let answer = socket.readUntilClosed(limit: .seconds(10))
        let waited = ContinuousClock.now - started
        #expect(waited < .seconds(5), "the stalled request held the connection for \(waited)")
        #expect(answer.isEmpty || answer.contains(" 408 "), "\(answer)")
        // Meanwhile and afterwards, other clients are served.
        let ok = try await server.request("POST", "/api/v1/streams/t/records", token: writer,
                                          body: ServeProcess.records(first: 0, count: 3), contentType: "application/x-ndjson")
        #expect(ok.status == 200 && ok.json["accepted"] as? Int == 3)
        #expect(await DaemonTests.terminate(server.process) == 0)
    }

    /// Regression: a body over `--max-body-bytes` sent chunked (no Content-Length) got 500 `internal`.
    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        let cli = try Self.setUp([:])
        let writer = try ServeProcess.token(cli, name: "writer", scopes: "records:write")
        let server = try await ServeProcess.start(cli, name: "serve", scheduler: false, extra: ["--max-body-bytes", "1024"])
        defer { DaemonTests.stop(server.process) }
        let record = ServeProcess.records(first: 0, count: 1) + "\n"
        let chunk = String(repeating: record, count: 1200 / record.utf8.count + 1)
        let hex = String(chunk.utf8.count, radix: 16)
        let socket = try RawSocket(port: server.port)
        try socket.send("POST /api/v1/streams/transactions/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(writer)\r\n"
                        + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "\(hex)\r\n\(chunk)\r\n\(hex)\r\n\(chunk)\r\n0\r\n\r\n")
        let answer = socket.readUntilClosed(limit: .seconds(10))
        #expect(answer.hasPrefix("HTTP/1.1 413 "), "\(answer)")
        #expect(answer.contains(#""code":"payload_too_large""#) && answer.contains("the limit of 1024 bytes"), "\(answer)")
        // Nothing was appended (the next record is the first), and the server keeps serving.
        let ok = try await server.request("POST", "/api/v1/streams/transactions/records", token: writer, body: record,
                                          contentType: "application/x-ndjson")
        #expect(ok.status == 200 && ok.json["first_seq"] as? Int == 1, "\(ok.json)")
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
        // A file that is not a sales CSV is set aside and does not hold up the files after it.
        try "foo,bar\n1,2\n".write(toFile: incoming + "/a-wrong-header.csv", atomically: true, encoding: .utf8)
        // Writers drop files in with a rename, so a half-written file is never picked up.
        try csv.write(toFile: cli.folder + "/data/part1.tmp", atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(atPath: cli.folder + "/data/part1.tmp", toPath: incoming + "/part1.csv")

        let moved = await DaemonTests.eventually(.seconds(20)) { FileManager.default.fileExists(atPath: incoming + "/done/part1.csv") }
        #expect(moved, "\(cli.output("serve").stderr.suffix(2000))")
        #expect(!FileManager.default.fileExists(atPath: incoming + "/part1.csv"))
        let reason = try String(contentsOfFile: incoming + "/rejected/a-wrong-header.csv.reason.txt", encoding: .utf8)
        #expect(reason.contains("InvoiceNo"), "the reason names the missing columns: \(reason)")
        let quarantineFiles = try FileManager.default.contentsOfDirectory(atPath: incoming + "/quarantine")
        #expect(quarantineFiles.count == 1 && quarantineFiles[0].hasPrefix("part1.csv."), "\(quarantineFiles)")
        let quarantine = try String(contentsOfFile: incoming + "/quarantine/" + quarantineFiles[0], encoding: .utf8)
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

/// A plain TCP connection to 127.0.0.1, for requests no HTTP client would send.
final class RawSocket {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Everything received until the peer closes, or until `limit` passes.
    func readUntilClosed(limit: Duration) -> String {
        var timeout = timeval(tv_sec: Int(limit.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
