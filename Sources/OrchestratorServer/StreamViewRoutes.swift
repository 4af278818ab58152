import Foundation
import Hummingbird
import Streaming

/// The streams as the web UI shows them: every stream's standing, and its records per minute.
struct StreamViewRoutes: Sendable {
    let database: StreamDatabase

    /// `GET /api/v1/streams`
    func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let now = StreamDatabase.nowMillis()
        let stats = try database.streamNames().compactMap { try database.stats(stream: $0, now: now) }
        return JSONResponse.make(.object([("streams", .array(stats.map(StreamStatsJSON.make)))]))
    }

    /// `GET /api/v1/streams/{stream}/rate?minutes=60`: every minute present, oldest first.
    func rate(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let stream = try IngestRoutes.streamName(context)
        var minutes = 60
        if let text = request.uri.queryParameters.get("minutes") { minutes = try QueryValue.integer(text, name: "minutes", in: 1...1440) }
        let (start, counts) = try database.ratePerMinute(stream: stream, minutes: minutes)
        guard !counts.isEmpty else { throw APIError.notFound("no stream '\(stream)'") }
        let points: [JSONValue] = counts.enumerated().map { index, count in
            .object([("minute", .string(ServedJSON.utcTimestamp(millis: start + Int64(index) * 60_000))), ("records", .int(Int(count)))])
        }
        return JSONResponse.make(.object([("stream", .string(stream)), ("minutes", .int(minutes)), ("points", .array(points))]))
    }
}

/// A stream's standing as JSON (also `GET /api/v1/streams/{stream}`).
enum StreamStatsJSON {
    static func make(_ stats: StreamStats) -> JSONValue {
        .object([
            ("stream", .string(stats.stream)), ("last_seq", .int(stats.lastSeq)), ("checkpoint", .int(stats.checkpoint)),
            ("lag_records", .int(stats.lagRecords)), ("lag_seconds", .number(DecimalText.threeDecimals(stats.lagSeconds))),
            ("records_per_second", .number(DecimalText.threeDecimals(stats.recordsPerSecond))),
            ("checkpoint_at", stats.checkpointAt.map { .string(ServedJSON.utcTimestamp(millis: $0)) } ?? .null),
            ("pending_batch", stats.pendingBatch.map { .object([("first_seq", .int($0.first)), ("last_seq", .int($0.last))]) } ?? .null),
        ])
    }
}
