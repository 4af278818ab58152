import Foundation
import Testing
import TestServers
@testable import ObjectStorage

/// The client's retries against a real HTTP server on 127.0.0.1 that fails on purpose: the first
/// `fail` requests get `status` with an S3 error body, the rest succeed. Counts every request.
@Suite struct S3ClientRetryTests {
    static let script = #"""
import http.server, socketserver, sys
folder, fail, status, code = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
seen = 0
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def do_PUT(self):
        global seen
        seen += 1
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        open(folder + "/count", "w").write(str(seen))
        if seen <= fail:
            body = ("<Error><Code>%s</Code><Message>try later</Message></Error>" % code).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(200)
            self.send_header("ETag", '"0123456789abcdef0123456789abcdef"')
            self.send_header("Content-Length", "0")
            self.end_headers()
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
open(folder + "/port.tmp", "w").write(str(server.server_address[1]))
import os; os.rename(folder + "/port.tmp", folder + "/port")
server.serve_forever()
"""#

    struct NotStarted: Error, CustomStringConvertible {
        var description: String { "the flaky S3 server did not start in 20 s" }
    }

    /// A running flaky server, stopped by `stop()`.
    struct FlakyServer {
        let process: Process
        let folder: String
        let port: Int

        static func start(fail: Int, status: Int, code: String) async throws -> FlakyServer {
            let python = try #require(TestPython.python, "the test venv's python (scripts/test makes it)")
            let folder = NSTemporaryDirectory() + "flaky-s3-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try script.write(toFile: folder + "/server.py", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [folder + "/server.py", folder, String(fail), String(status), code]
            try process.run()
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if let text = try? String(contentsOfFile: folder + "/port", encoding: .utf8), let port = Int(text) {
                    return FlakyServer(process: process, folder: folder, port: port)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            process.terminate()
            throw NotStarted()
        }

        var requests: Int { Int((try? String(contentsOfFile: folder + "/count", encoding: .utf8)) ?? "0") ?? 0 }

        /// Kills the server (it keeps nothing). Never waits in `waitUntilExit`, which would hold a
        /// thread of the cooperative pool (two on this machine) that the client needs.
        func stop() async {
            kill(process.processIdentifier, SIGKILL)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    static func client(_ port: Int, attempts: Int) throws -> S3Client {
        let configuration = S3Configuration(credentials: S3Credentials(accessKeyID: "AKIATEST", secretAccessKey: "secret", sessionToken: nil),
                                            endpoint: try S3Configuration.Endpoint("http://127.0.0.1:\(port)"), forcePathStyle: true)
        return S3Client(configuration: configuration, retry: S3RetryPolicy(maxAttempts: attempts, base: .milliseconds(5), cap: .milliseconds(50)))
    }

    @Test(arguments: [(503, "SlowDown"), (500, "InternalError"), (429, "TooManyRequests")])
    func transientFailuresAreRetriedUntilThePutSucceeds(status: Int, code: String) async throws {
        let server = try await FlakyServer.start(fail: 2, status: status, code: code)
        let client = try Self.client(server.port, attempts: 5)
        let head: ObjectHead
        do {
            head = try await client.put(Data("hello".utf8), bucket: "bucket", key: "a/b.txt", upload: ObjectUpload())
        } catch {
            await server.stop()
            throw error
        }
        try await client.shutdown()
        let requests = server.requests
        await server.stop()
        #expect(requests == 3, "two failures, then the success")
        #expect(head.size == 5)
    }

    @Test func aFailureThatLastsEndsAfterTheLastAttemptNamingTheKey() async throws {
        let server = try await FlakyServer.start(fail: 100, status: 503, code: "SlowDown")
        let client = try Self.client(server.port, attempts: 4)
        do {
            _ = try await client.put(Data("hello".utf8), bucket: "bucket", key: "a/b.txt", upload: ObjectUpload())
            Issue.record("a put against a server that always answers 503 succeeded")
        } catch {
            #expect("\(error)".contains("bucket") && "\(error)".contains("a/b.txt"), "\(error)")
            #expect("\(error)".contains("SlowDown"), "\(error)")
        }
        try await client.shutdown()
        let requests = server.requests
        await server.stop()
        #expect(requests == 4)
    }

    @Test func accessDeniedIsNotRetried() async throws {
        let server = try await FlakyServer.start(fail: 100, status: 403, code: "AccessDenied")
        let client = try Self.client(server.port, attempts: 5)
        do {
            _ = try await client.put(Data("hello".utf8), bucket: "bucket", key: "a/b.txt", upload: ObjectUpload())
            Issue.record("a put answered 403 succeeded")
        } catch {
            #expect("\(error)".contains("a/b.txt"), "\(error)")
        }
        try await client.shutdown()
        let requests = server.requests
        await server.stop()
        #expect(requests == 1)
    }
}
