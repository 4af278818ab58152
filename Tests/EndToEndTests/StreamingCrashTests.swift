import Foundation
import Testing

/// SIGKILL of the whole streaming process during micro-batches, again and again: every record in
/// the log ends up exactly once in the lake and once per key in each serving table.
@Suite(.serialized) struct StreamingCrashTests {
    @Test func sigkillDuringMicroBatchesLosesAndDuplicatesNothing() async throws {
        guard let python = BatchPipelineTests.python else {
            Issue.record("needs a python with duckdb and pyarrow (./scripts/test makes .venv)")
            return
        }
        let cli = try StreamingServeTests.setUp(["streaming.yaml": ServeProcess.streamingWorkflow(maxRecords: 5000)])
        let admin = try ServeProcess.token(cli, name: "admin", scopes: "admin")
        var server = try await ServeProcess.start(cli, name: "serve0")
        defer { DaemonTests.stop(server.process) }
        var acked = 0, next = 0, killsInBatch = 0
        for round in 1...6 {
            for _ in 0..<2 {
                let reply = try await server.request("POST", "/api/v1/streams/transactions/records", token: admin,
                                                     body: ServeProcess.records(first: next, count: 5000), contentType: "application/x-ndjson")
                #expect(reply.status == 200)
                acked += reply.json["accepted"] as? Int ?? 0
                next += 5000
            }
            // Kill while a micro-batch is between fixing its range and committing it.
            let inBatch = await eventuallyAsync(.seconds(15)) {
                try await server.request("GET", "/api/v1/streams/transactions", token: admin).json["pending_batch"] is [String: Any]
            }
            if inBatch { killsInBatch += 1 }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...250)))
            kill(server.process.processIdentifier, SIGKILL)
            await DaemonTests.exit(of: server.process)
            server = try await ServeProcess.start(cli, name: "serve\(round)")
        }
        #expect(killsInBatch >= 4, "only \(killsInBatch) kills hit a micro-batch")
        let caughtUp = await eventuallyAsync(.seconds(60)) {
            let stats = try await server.request("GET", "/api/v1/streams/transactions", token: admin).json
            return stats["lag_records"] as? Int == 0 && stats["pending_batch"] is NSNull
        }
        #expect(caughtUp, "\(cli.output("serve6").stderr.suffix(3000))")
        #expect(await DaemonTests.terminate(server.process) == 0)

        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: python)
        verify.arguments = [BatchPipelineTests.repository + "/scripts/verify_stream.py", cli.folder + "/state", cli.folder + "/lake/stream/sales"]
        let pipe = Pipe()
        verify.standardOutput = pipe
        try verify.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        verify.waitUntilExit()
        let facts = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let records = try #require(facts["log_records"] as? Int)
        #expect(records == 60_000 && acked == 60_000, "\(facts)")
        #expect(facts["checkpoint"] as? Int == records && facts["last_seq"] as? Int == records)
        #expect(facts["lake_rows"] as? Int == records, "\(facts)")
        #expect(facts["lake_keys"] as? Int == records, "\(facts)")
        #expect(facts["items"] as? Int == facts["log_keys"] as? Int && facts["customer_rows"] as? Int == records, "\(facts)")
        // The runs killed while writing left staging files; the runs that redid their ranges removed them.
        let lakeFiles = FileManager.default.enumerator(atPath: cli.folder + "/lake")?.compactMap { $0 as? String } ?? []
        #expect(lakeFiles.filter { $0.hasSuffix(".tmp") }.isEmpty, "\(lakeFiles)")
        let revenue = try #require(facts["log_revenue"] as? String)
        #expect(facts["lake_revenue"] as? String == revenue && facts["items_revenue"] as? String == revenue
                && facts["customer_revenue"] as? String == revenue, "\(facts)")
    }
}
