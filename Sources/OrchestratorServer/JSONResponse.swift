import Hummingbird
import NIOCore
import Streaming

/// JSON responses built from `JSONValue`.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(bytes: value.bytes, status: status)
    }

    /// A whole body of `contentType` (JSON by default), with its length.
    static func make(bytes: some Collection<UInt8>, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
