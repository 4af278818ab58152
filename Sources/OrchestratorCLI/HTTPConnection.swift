import Foundation

/// A minimal blocking HTTP/1.1 client over one keep-alive TCP connection, for `produce`.
/// Reconnects once when the server closed the connection between requests.
final class HTTPConnection {
    let host: String
    let port: Int
    var descriptor: Int32 = -1
    var buffer: [UInt8] = []

    struct Reply {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        enum Kind {
            /// No connection could be made: the address is unusable.
            case unreachable
            /// The connection broke while sending or receiving.
            case lost
            /// The server answered something that is not a valid HTTP/1.1 reply.
            case malformedReply
        }

        var kind: Kind
        var description: String
    }

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]) throws -> Reply {
        do {
            return try attempt(method: method, path: path, headers: headers, body: body)
        } catch let failure as Failure where failure.kind == .malformedReply {
            throw failure  // resending could append the records twice
        } catch {
            disconnect()
            return try attempt(method: method, path: path, headers: headers, body: body)
        }
    }

    func attempt(method: String, path: String, headers: [(String, String)], body: [UInt8]) throws -> Reply {
        if descriptor < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try write(Array(head.utf8) + body)
        return try readReply()
    }

    func connect() throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(kind: .unreachable, description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let socketFD = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            if socketFD >= 0 {
                if Glibc.connect(socketFD, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    descriptor = socketFD
                    buffer = []
                    return
                }
                close(socketFD)
            }
            entry = current.pointee.ai_next
        }
        throw Failure(kind: .unreachable, description: "cannot connect to \(host):\(port): \(String(cString: strerror(errno)))")
    }

    func disconnect() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        buffer = []
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(kind: .lost, description: "connection lost while sending: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Reads more bytes into `buffer`; throws when the peer closed.
    func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure(kind: .lost, description: "the server closed the connection") }
        buffer.append(contentsOf: chunk[0..<count])
    }

    /// A reply's head and body are each refused beyond these sizes (a broken or hostile server).
    static let maxHeadBytes = 64 * 1024
    static let maxBodyBytes = 64 << 20

    /// Reads one reply. Anything malformed (status line, header values, chunk sizes, a body
    /// over `maxBodyBytes`) throws a `Failure` naming it; nothing a server sends can trap.
    func readReply() throws -> Reply {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if let found = buffer.firstRange(of: separator) {
                headerEnd = found.upperBound
            } else {
                guard buffer.count <= Self.maxHeadBytes else { throw malformed("a reply head longer than \(Self.maxHeadBytes) bytes") }
                try fill()
            }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd!)
        let lines = head.split(separator: "\r\n")
        let status = try Self.status(lines.first.map(String.init) ?? "")
        var length: Int?
        var chunked = false
        var closes = false
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2 else { continue }
            if parts[0] == "content-length" {
                guard let value = Int(parts[1]), value >= 0 else { throw malformed("a Content-Length of '\(parts[1])'") }
                guard value <= Self.maxBodyBytes else { throw malformed("a body of \(value) bytes (at most \(Self.maxBodyBytes) are read)") }
                length = value
            }
            if parts[0] == "transfer-encoding", parts[1].contains("chunked") { chunked = true }
            if parts[0] == "connection", parts[1] == "close" { closes = true }
        }
        var body: [UInt8] = []
        if chunked {
            while true {
                let size = try chunkSize()
                guard body.count + size <= Self.maxBodyBytes else { throw malformed("a chunked body over \(Self.maxBodyBytes) bytes") }
                while buffer.count < size + 2 { try fill() }
                guard buffer[size] == 13, buffer[size + 1] == 10 else { throw malformed("a chunk of \(size) bytes not followed by CRLF") }
                body.append(contentsOf: buffer[0..<size])
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let length = length ?? 0
            while buffer.count < length { try fill() }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        if closes { disconnect() }
        return Reply(status: status, body: body)
    }

    /// The status code of a status line such as `HTTP/1.1 200 OK`.
    static func status(_ line: String) throws -> Int {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]), (100...599).contains(code) else {
            throw Failure(kind: .malformedReply, description: "malformed reply from the server: status line '\(line.prefix(80))'")
        }
        return code
    }

    /// Reads a chunk-size line (hex digits, optional `;extensions`) and removes it from `buffer`.
    func chunkSize() throws -> Int {
        var lineEnd = buffer.firstRange(of: [13, 10])
        while lineEnd == nil {
            guard buffer.count <= Self.maxHeadBytes else { throw malformed("a chunk-size line longer than \(Self.maxHeadBytes) bytes") }
            try fill()
            lineEnd = buffer.firstRange(of: [13, 10])
        }
        let text = String(decoding: buffer[0..<lineEnd!.lowerBound], as: UTF8.self)
        let digits = text.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 8, digits.allSatisfy(\.isHexDigit), let size = Int(digits, radix: 16) else {
            throw malformed("a chunk size of '\(text.prefix(40))'")
        }
        buffer.removeFirst(lineEnd!.upperBound)
        return size
    }

    func malformed(_ what: String) -> Failure {
        disconnect()
        return Failure(kind: .malformedReply, description: "malformed reply from the server: \(what)")
    }
}
