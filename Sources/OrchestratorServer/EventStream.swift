import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization

/// A `text/event-stream` response (Server-Sent Events). `produce` sends events until it returns,
/// the client goes away (a write fails), or the server begins a graceful shutdown (then
/// `isStopping` turns true and the producer's loop ends within one pass).
struct EventStream {
    /// Sends one event: `event: NAME` and the data, which must be one line of JSON.
    struct Sender {
        var writer: any ResponseBodyWriter
        let stopping: StopFlag

        var isStopping: Bool { stopping.value.load(ordering: .relaxed) || Task.isCancelled }

        mutating func send(_ event: String, _ data: String) async throws {
            try await writer.write(ByteBuffer(string: "event: \(event)\ndata: \(data)\n\n"))
        }

        /// A comment line: keeps proxies and the client from timing the connection out.
        mutating func keepAlive() async throws {
            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
        }
    }

    final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    static func response(_ produce: @escaping @Sendable (inout Sender) async throws -> Void) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let stopping = StopFlag()
            var sender = Sender(writer: writer, stopping: stopping)
            // The first bytes go out at once, so the client knows the stream is open.
            try await sender.keepAlive()
            try await withGracefulShutdownHandler {
                try await produce(&sender)
            } onGracefulShutdown: {
                stopping.value.store(true, ordering: .relaxed)
            }
            try await sender.writer.finish(nil)
        })
    }
}
