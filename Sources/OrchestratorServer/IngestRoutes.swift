import Hummingbird
import Metrics
import NIOCore
import Streaming

/// `POST /api/v1/streams/{stream}/records` and `GET /api/v1/streams/{stream}`.
struct IngestRoutes: Sendable {
    let database: StreamDatabase
    let committer: GroupCommitter
    let limits: APILimits
    let validators: ValidatorPool

    func postRecords(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.recordsWrite)
        let stream = try Self.streamName(context)
        let body = try await collect(request)
        let values: [JSONValue]
        do {
            values = try RecordsBody.parse(body, contentType: request.headers[.contentType])
        } catch {
            throw APIError(.badRequest, error.kind == .syntax ? "malformed_json" : "json_limit_exceeded", error.description)
        }
        guard !values.isEmpty else { throw APIError.badRequest("the body holds no records") }
        guard values.count <= limits.maxRecords else {
            throw APIError(.contentTooLarge, "payload_too_large", "the body holds \(values.count) records; at most \(limits.maxRecords) per request")
        }
        var accepted: [SaleRecord] = []
        var outcomes: [Result<Int, RecordError>] = []  // index into `accepted`, or why refused
        outcomes.reserveCapacity(values.count)
        validators.withValidator { validator in
            for value in values {
                switch validator.validate(value) {
                case .success(let record):
                    outcomes.append(.success(accepted.count))
                    accepted.append(record)
                case .failure(let error):
                    outcomes.append(.failure(error))
                }
            }
        }
        var first: Int64?
        if !accepted.isEmpty { first = try await committer.append(stream: stream, records: accepted) }
        let results: [JSONValue] = outcomes.enumerated().map { index, outcome in
            switch outcome {
            case .success(let position):
                return .object([("index", .int(index)), ("seq", .int(first! + Int64(position)))])
            case .failure(let error):
                return .object([("index", .int(index)), ("error", .object([
                    ("code", .string(error.code.rawValue)), ("field", .optionalString(error.field)), ("message", .string(error.message)),
                ]))])
            }
        }
        let last = first.map { $0 + Int64(accepted.count) - 1 }
        ServerMetrics.countRecords(stream: stream, accepted: accepted.count, refused: values.count - accepted.count)
        let reply = JSONValue.object([
            ("stream", .string(stream)), ("accepted", .int(accepted.count)), ("refused", .int(values.count - accepted.count)),
            ("first_seq", .optionalInt(first)), ("last_seq", .optionalInt(last)), ("results", .array(results)),
        ])
        return JSONResponse.make(reply, status: accepted.isEmpty ? .unprocessableContent : .ok)
    }

    func streamStats(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.admin)
        let stream = try Self.streamName(context)
        guard let stats = try database.stats(stream: stream) else { throw APIError.notFound("no stream '\(stream)'") }
        return JSONResponse.make(StreamStatsJSON.make(stats))
    }

    static func streamName(_ context: APIContext) throws -> String {
        let name = try context.pathParameter("stream")
        guard StreamError.isValidStreamName(name) else { throw APIError.badRequest(StreamError.badStreamName(name).description) }
        return name
    }

    /// The whole body, at most `maxBodyBytes` (413 beyond). A client that stalls mid-body is cut off
    /// by the connection's idle timeout.
    func collect(_ request: Request) async throws -> [UInt8] {
        let limit = limits.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError(.contentTooLarge, "payload_too_large", "the body is \(declared) bytes; the limit is \(limit)")
        }
        do {
            return Array(try await request.body.collect(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            // A chunked body (no Content-Length) that grows past the limit.
            throw APIError(.contentTooLarge, "payload_too_large", "the body is larger than the limit of \(limit) bytes")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "payload_too_large", "the body is larger than the limit of \(limit) bytes")
        }
    }
}

/// Limits that protect the server from large or slow requests.
public struct APILimits: Sendable {
    public var maxBodyBytes: Int
    /// Records in one POST at most (413 beyond).
    public var maxRecords: Int

    public init(maxBodyBytes: Int = 8 << 20, maxRecords: Int = 50_000) {
        self.maxBodyBytes = maxBodyBytes
        self.maxRecords = maxRecords
    }
}
