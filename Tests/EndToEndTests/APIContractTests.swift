import Foundation
import Testing

/// The API against its contract: schemathesis generates requests for every operation in
/// `docs/openapi.yaml` (valid and invalid ones, with and without the token) and checks every
/// answer against the document, with a live `orchestrator serve --with-scheduler`. No 5xx, no
/// answer outside the schema, and the server still up at the end.
@Suite(.serialized) struct APIContractTests {
    /// A Python that can run schemathesis: `$ORCHESTRATOR_PYTHON` or the repository's `.venv`.
    static var python: String? {
        let candidates = [ProcessInfo.processInfo.environment["ORCHESTRATOR_PYTHON"], BatchPipelineTests.repository + "/.venv/bin/python"]
        return candidates.compactMap { $0 }.first { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            let check = Process()
            check.executableURL = URL(fileURLWithPath: path)
            check.arguments = ["-c", "import schemathesis"]
            check.standardError = FileHandle.nullDevice
            guard (try? check.run()) != nil else { return false }
            check.waitUntilExit()
            return check.terminationStatus == 0
        }
    }

    @Test func everyOperationKeepsToTheOpenAPIDocument() async throws {
        guard let python = Self.python else {
            Issue.record("needs a python with schemathesis: run ./scripts/test (it installs it into .venv) or set ORCHESTRATOR_PYTHON")
            return
        }
        let cli = try StreamingServeTests.setUp(["streaming.yaml": ServeProcess.streamingWorkflow()])
        let created = try cli.json(["token", "create", "--name", "contract", "--scopes", "admin", "--json", "--state", "state"])
        let token = try #require((created as? [String: Any])?["token"] as? String)
        let server = try await ServeProcess.start(cli, name: "serve")
        defer { DaemonTests.stop(server.process) }

        // The document's example record, served, so the lookups answer 200 with real items too.
        let example = #"{"InvoiceNo":"536365","StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":2.55,"CustomerID":17850.0,"Country":"United Kingdom"}"#
        #expect(try await server.request("POST", "/api/v1/streams/transactions/records", token: token, body: example).status == 200)
        let served = await eventuallyAsync(.seconds(20)) {
            try await server.request("GET", "/api/v1/transactions?invoice_no=536365&stock_code=85123A", token: token).status == 200
        }
        #expect(served, "\(cli.output("serve").stderr.suffix(2000))")

        let run = Process()
        run.executableURL = URL(fileURLWithPath: python)
        run.arguments = [
            "-m", "schemathesis.cli", "--config-file", "scripts/schemathesis.toml", "--no-color",
            "run", "docs/openapi.yaml", "--url", "http://127.0.0.1:\(server.port)", "-H", "Authorization: Bearer \(token)",
            "--checks", "all", "--max-examples", "200", "--seed", "1", "--generation-database", "none", "--workers", "2",
            "--request-timeout", "30",
        ]
        run.currentDirectoryURL = URL(fileURLWithPath: BatchPipelineTests.repository)
        let log = cli.folder + "/schemathesis.txt"
        FileManager.default.createFile(atPath: log, contents: nil)
        run.standardOutput = FileHandle(forWritingAtPath: log)
        run.standardError = run.standardOutput
        try run.run()
        await DaemonTests.exit(of: run, within: .seconds(300))
        if run.isRunning { DaemonTests.stop(run) }
        let report = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(run.terminationStatus == 0, "schemathesis found problems:\n\(report.suffix(6000))")
        #expect(report.contains(" passed"), "\(report.suffix(2000))")

        #expect(server.process.isRunning, "the server died: \(cli.output("serve").stderr.suffix(3000))")
        let health = try await server.request("GET", "/healthz", token: nil)
        #expect(health.status == 200 && health.json["status"] as? String == "ok")
        #expect(await DaemonTests.terminate(server.process) == 0)
    }
}
