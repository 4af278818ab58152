import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real `orchestrator serve --with-scheduler` process on 127.0.0.1 (a free port), and requests to it.
struct ServeProcess {
    let cli: CLI
    let process: Process
    let port: Int
    let name: String

    /// Starts the server in the CLI's folder on `wf/` and `state/`, and waits until it answers.
    static func start(_ cli: CLI, name: String, scheduler: Bool = true, extra: [String] = []) async throws -> ServeProcess {
        var arguments = ["serve", "--port", "0", "--state", "state", "--workflows", "wf", "--grace", "5s"] + extra
        if scheduler { arguments.append("--with-scheduler") }
        let process = try cli.start(arguments, name: name)
        var port: Int?
        let ready = await DaemonTests.eventually(.seconds(30)) {
            let text = cli.output(name).stderr
            guard let range = text.range(of: "listening on http://127.0.0.1:") else { return !process.isRunning }
            port = Int(text[range.upperBound...].prefix { $0.isNumber })
            return true
        }
        guard ready, let port else {
            DaemonTests.stop(process)
            throw ServeFailure(message: "serve did not start: \(cli.output(name).stderr)")
        }
        return ServeProcess(cli: cli, process: process, port: port, name: name)
    }

    struct ServeFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    struct Reply {
        var status: Int
        var body: Data
        var headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    func request(_ method: String, _ path: String, token: String?, body: String? = nil, contentType: String = "application/json") async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, body: data, headers: headers)
    }

    /// Makes a token with `scopes` in the folder's state.
    static func token(_ cli: CLI, name: String, scopes: String) throws -> String {
        let result = try cli.run(["token", "create", "--name", name, "--scopes", scopes, "--state", "state"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A workflow file for `wf/`: the streaming micro-batch every second, lake under the folder.
    static func streamingWorkflow(maxRecords: Int = 100_000) -> String {
        """
        name: streaming
        schedule: {every: 1s}
        max_active_runs: 1
        keep_runs: 50
        defaults: {retries: 2, retry_delay: 200ms}
        tasks:
          - {id: read, type: stream_read, max_records: \(maxRecords)}
          - {id: clean, type: stream_clean, depends_on: [read]}
          - {id: write_lake, type: stream_lake_sink, lake: lake/stream/sales, depends_on: [clean]}
          - {id: upsert_serving, type: stream_serving_sink, depends_on: [clean]}
          - {id: commit, type: stream_commit, depends_on: [write_lake, upsert_serving]}
        """
    }

    /// NDJSON of `count` valid records with unique keys, starting at `first`.
    static func records(first: Int, count: Int) -> String {
        (first..<first + count).map { n in
            #"{"InvoiceNo":"\#(700_000 + n)","StockCode":"K\#(n)","Description":"ITEM","Quantity":\#(n % 9 + 1),"InvoiceDate":"12/\#(n % 28 + 1)/2010 9:\#(10 + n % 50)","UnitPrice":"\#(n % 5 + 1).25","CustomerID":\#(n % 3 == 0 ? "null" : "\(12000 + n % 100)"),"Country":"France"}"#
        }.joined(separator: "\n")
    }
}
