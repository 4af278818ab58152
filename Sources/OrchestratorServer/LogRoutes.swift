import Foundation
import Hummingbird
import OrchestratorCore
import OrchestratorStore

/// `/api/v1/runs/{id}/tasks/{task}/logs`: a byte range of an attempt's log, or its live tail.
struct LogRoutes: Sendable {
    let backend: RunsBackend
    /// The most a call returns.
    static let chunk = 256 << 10

    struct Target {
        var run: RunID
        var task: String
        var attempt: AttemptRecord

        var log: AttemptLogID { AttemptLogID(run: run, task: task, attempt: attempt.attempt) }
    }

    func read(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let target = try await target(request, context: context)
        let offset = try offset(request)
        let complete = try await backend.logs.isFinished(target.log)
        let slice = try await LogSlice.read(target.log, in: backend.logs, from: offset, upTo: Self.chunk, complete: complete)
        return try RunsJSON.response(LogJSON(run: target.run.rawValue, task: target.task, attempt: target.attempt.attempt, offset: offset,
                                             nextOffset: offset + slice.consumed, size: slice.size,
                                             complete: complete, text: slice.text))
    }

    func stream(_ request: Request, context: APIContext) async throws -> Response {
        try context.require(.runsRead)
        let first = try await target(request, context: context)
        let start = try offset(request)
        let store = backend.store
        let logs = backend.logs
        let launcher = backend.launcher
        return EventStream.response { sender in
            var position = start
            var lastReap = ContinuousClock.now
            var attempt = first.attempt
            var lastWrite = ContinuousClock.now
            while !sender.isStopping {
                let ended = attempt.status != .running
                let slice = try await LogSlice.read(first.log, in: logs, from: position, upTo: Self.chunk, complete: ended)
                if slice.consumed > 0 {
                    try await sender.send("log", RunsJSON.line(LogChunkJSON(offset: position, text: slice.text)))
                    position += slice.consumed
                    lastWrite = .now
                    continue
                }
                // Read to the end after the attempt ended: nothing more can come.
                if ended {
                    try await sender.send("end", RunsJSON.line(LogEndJSON(attempt: attempt.attempt, status: attempt.status.rawValue)))
                    return
                }
                if ContinuousClock.now - lastWrite > .seconds(15) {
                    try await sender.keepAlive()
                    lastWrite = .now
                }
                try await Task.sleep(for: .milliseconds(200))
                if ContinuousClock.now - lastReap > .seconds(5) {
                    // An owner killed without a trace leaves its attempt `running` until someone reaps it.
                    try await launcher.reapOrphans()
                    lastReap = .now
                }
                guard let now = try await store.runDetail(first.run)?.tasks.first(where: { $0.id == first.task })?
                    .attemptHistory.first(where: { $0.attempt == attempt.attempt }) else {
                    // The run was deleted (retention, cleanup) while being tailed.
                    try await sender.send("end", RunsJSON.line(LogEndJSON(attempt: attempt.attempt, status: "deleted")))
                    return
                }
                attempt = now
            }
        }
    }

    func target(_ request: Request, context: APIContext) async throws -> Target {
        let run = RunID(rawValue: try context.pathParameter("id"))
        let taskID = try context.pathParameter("task")
        guard let detail = try await backend.store.runDetail(run) else {
            throw APIError.notFound(StoreError.unknownRun(run.rawValue).localizedDescription)
        }
        guard let task = detail.tasks.first(where: { $0.id == taskID }) else {
            throw APIError.notFound("run '\(run)' has no task '\(taskID)'")
        }
        let attempt: AttemptRecord
        if let text = request.uri.queryParameters.get("attempt") {
            let number = try QueryValue.integer(text, name: "attempt", in: 1...1_000_000)
            guard let found = task.attemptHistory.first(where: { $0.attempt == number }) else {
                throw APIError.notFound("task '\(taskID)' of run '\(run)' has no attempt \(number) (it has \(task.attemptHistory.count))")
            }
            attempt = found
        } else {
            guard let last = task.attemptHistory.last else { throw APIError.notFound("task '\(taskID)' of run '\(run)' has not started an attempt") }
            attempt = last
        }
        return Target(run: run, task: taskID, attempt: attempt)
    }

    func offset(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("offset") else { return 0 }
        return try QueryValue.integer(text, name: "offset", in: 0...Int(Int64.max >> 1))
    }
}

/// Bytes of a log from an offset, as text: a chunk that would end inside a UTF-8 character
/// stops before it (the next call starts there), unless the log is finished and ends there;
/// invalid bytes become U+FFFD.
struct LogSlice {
    var text: String
    /// Bytes of the log the text covers.
    var consumed: Int
    /// The log's size now (0 when nothing was written yet).
    var size: Int

    /// `complete`: the log is finished, so it will not grow and its last bytes are final;
    /// otherwise a character the writer has only half written is left for the next read.
    static func read(_ log: AttemptLogID, in store: any LogStore, from offset: Int, upTo limit: Int, complete: Bool) async throws -> LogSlice {
        let size = try await store.size(log)
        guard offset < size else { return LogSlice(text: "", consumed: 0, size: size) }
        var bytes = try await store.read(log, from: offset, limit: min(limit, size - offset)).bytes
        if offset + bytes.count < size || !complete { bytes.removeLast(incompleteTail(bytes)) }
        return LogSlice(text: String(decoding: bytes, as: UTF8.self), consumed: bytes.count, size: size)
    }

    /// How many bytes at the end start a UTF-8 character that the slice does not finish.
    static func incompleteTail(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        for back in 1...min(3, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }  // continuation byte: keep looking for the lead
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            return length > back ? back : 0
        }
        return 0
    }
}

struct LogJSON: Encodable {
    var run: String
    var task: String
    var attempt: Int
    var offset: Int
    var nextOffset: Int
    var size: Int
    var complete: Bool
    var text: String

    enum CodingKeys: String, CodingKey {
        case run, task, attempt, offset, size, complete, text
        case nextOffset = "next_offset"
    }
}

struct LogChunkJSON: Encodable {
    var offset: Int
    var text: String
}

struct LogEndJSON: Encodable {
    var attempt: Int
    var status: String
}
