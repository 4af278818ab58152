import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OrchestratorCore
import OrchestratorEngine
import OrchestratorScheduler
import OrchestratorServer
import OrchestratorStore
import SQLiteStore
import Prometheus
import Streaming
import Testing

/// A temp folder with a streaming database, a run store, a workflow folder and an `APIService`
/// over them, tested through the router (no sockets). With `scheduler`, a real `Scheduler` runs
/// beside it (call `stop()` at the end). The folder is removed when the fixture goes away.
final class APIFixture: Sendable {
    let folder: String
    let database: StreamDatabase
    let store: SQLiteRunStore
    let state: StateDirectory
    let scheduler: Scheduler?
    let registry = PrometheusCollectorRegistry()
    let api: APIService
    let schedulerTask: Task<Void, Never>?

    init(maxBodyBytes: Int = 64 * 1024, jwt: JWTSettings? = nil, workflows: [String: String] = [:], scheduler withScheduler: Bool = false,
         metricsAuth: Bool = false) async throws {
        folder = NSTemporaryDirectory() + "api-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/workflows", withIntermediateDirectories: true)
        for (name, text) in workflows { try text.write(toFile: folder + "/workflows/" + name, atomically: true, encoding: .utf8) }
        database = try StreamDatabase(path: folder + "/streams.sqlite")
        state = StateDirectory(root: folder + "/state")
        store = try SQLiteRunStore(state: state)
        let registry = TaskRegistry.builtIn
        var folderModel = WorkflowFolder(path: folder + "/workflows", registry: registry)
        _ = folderModel.reload()
        if withScheduler {
            let scheduler = Scheduler(store: store, registry: registry, state: state, clock: SystemSchedulerClock(), grace: .seconds(5),
                                      logger: Logger(label: "test.scheduler"))
            await scheduler.setWorkflows(folderModel.workflows)
            self.scheduler = scheduler
            schedulerTask = Task { await scheduler.run() }
        } else {
            scheduler = nil
            schedulerTask = nil
        }
        let runs = RunsBackend(store: store, logs: FolderLogStore(folder: state, runs: store), registry: registry, state: state,
                               catalog: WorkflowCatalog(folder: folderModel), scheduler: scheduler)
        api = try await APIService(database: database, limits: APILimits(maxBodyBytes: maxBodyBytes), jwt: jwt, runs: runs,
                                   metrics: ServerMetrics(registry: self.registry, requiresAuth: metricsAuth))
    }

    /// Stops the scheduler, if any, and waits for it to drain.
    func stop() async {
        scheduler?.beginShutdown(immediately: true)
        await schedulerTask?.value
    }

    /// Waits until the scheduler in this process takes submitted runs.
    func waitForScheduler() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while let scheduler, await !scheduler.isActive {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A new local token with `scopes`, named uniquely unless `name` is given.
    func token(_ scopes: Set<Scope>, name: String = "t-\(UUID().uuidString)", expiresAt: Int64? = nil) throws -> String {
        try database.createToken(name: name, scopes: scopes, expiresAt: expiresAt)
    }

    /// Runs `body` against the router.
    func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await Application(router: api.makeRouter()).test(.router, body)
    }

    /// What the scheduled micro-batch does: reads everything after the checkpoint, cleans it,
    /// upserts the serving tables and commits. Returns the committed range.
    @discardableResult
    func runMicroBatch(stream: String = "transactions") throws -> StreamDatabase.BatchRange {
        let range = try #require(try database.planBatch(stream: stream, maxRecords: 1000, run: "r1"))
        let batch = try MicroBatch.load(database, stream: stream, range: range)
        try database.upsert(batch.table, seqs: batch.seqs)
        try database.commitBatch(stream: stream, range: range, run: "r1")
        return range
    }

    /// Appends `records` (JSON objects) directly and runs a micro-batch, so they can be queried.
    func serve(_ records: [String], stream: String = "transactions") throws {
        let validator = RecordValidator()
        let sales = try records.map { text in try validator.validate(JSONParser.parse(Array(text.utf8))).get() }
        _ = try database.append([StreamDatabase.Append(stream: stream, records: sales)])
        try runMicroBatch(stream: stream)
    }
}

/// Request records as JSON text.
enum Records {
    /// The first row of the Online Retail data set, with fields replaced (raw JSON fragments) or
    /// removed (nil) by `changes`.
    static func record(_ changes: KeyValuePairs<String, String?> = [:]) -> String {
        var fields: [(String, String?)] = [
            ("InvoiceNo", #""536365""#), ("StockCode", #""85123A""#), ("Description", #""WHITE HANGING HEART T-LIGHT HOLDER""#),
            ("Quantity", "6"), ("InvoiceDate", #""12/1/2010 8:26""#), ("UnitPrice", "2.55"), ("CustomerID", "17850.0"),
            ("Country", #""United Kingdom""#),
        ]
        for (key, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == key }) { fields[index].1 = value } else { fields.append((key, value)) }
        }
        return "{" + fields.compactMap { key, value in value.map { "\"\(key)\":\($0)" } }.joined(separator: ",") + "}"
    }

    /// A valid record of invoice `invoice` and stock code `stock`.
    static func item(_ invoice: String, _ stock: String, quantity: Int = 1, price: String = "1.25", customer: String = "17850",
                     date: String = "12/1/2010 8:26") -> String {
        record(["InvoiceNo": "\"\(invoice)\"", "StockCode": "\"\(stock)\"", "Description": "\"ITEM \(stock)\"",
                "Quantity": String(quantity), "UnitPrice": price, "CustomerID": "\"\(customer)\"", "InvoiceDate": "\"\(date)\""])
    }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token, body and content type.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil,
              contentType: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body parsed as JSON.
    func json(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> JSONValue {
        #expect(headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        return try JSONParser.parse(Array(body.readableBytesView))
    }

    /// Checks the API error shape `{"error": {"status", "code", "message"}}` and returns the message.
    @discardableResult
    func expectError(_ status: HTTPResponse.Status, _ code: String,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        let value = try self.json(sourceLocation: sourceLocation)
        #expect(value.keys == ["error"], sourceLocation: sourceLocation)
        let error = try #require(value["error"], sourceLocation: sourceLocation)
        #expect(error.keys == ["status", "code", "message"], sourceLocation: sourceLocation)
        #expect(error["status"]?.int == status.code, sourceLocation: sourceLocation)
        #expect(error["code"]?.string == code, sourceLocation: sourceLocation)
        return try #require(error["message"]?.string, sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    var string: String? { if case .string(let text) = self { text } else { nil } }
    var int: Int? { if case .number(let text) = self { Int(text) } else { nil } }
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    /// The keys of an object, in order.
    var keys: [String]? { if case .object(let entries) = self { entries.map(\.key) } else { nil } }
}
