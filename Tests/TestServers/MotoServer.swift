import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `moto_server` (an S3 look-alike from the test venv) on 127.0.0.1 and a free port.
///
/// `start` returns once the server accepts connections, or throws (also when moto_server is not
/// installed: the test then fails). `stop` interrupts it and waits for it to exit.
public final class MotoServer: @unchecked Sendable { // Process is only started, terminated and awaited.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    let process: Process
    let logPath: String

    /// Credentials moto accepts (it does not check them unless started with authentication on).
    public static let accessKeyID = "AKIAMOTOTESTKEY00001"
    public static let secretAccessKey = "motoSecretKeyForTestsOnly/abcdefghijklmn"

    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment a client of this server needs (credentials, region, endpoint).
    public var clientEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": Self.accessKeyID, "AWS_SECRET_ACCESS_KEY": Self.secretAccessKey, "AWS_REGION": "us-east-1",
         "AWS_ENDPOINT_URL": endpoint]
    }

    private init(port: Int, process: Process, logPath: String) {
        self.port = port
        self.process = process
        self.logPath = logPath
    }

    /// Starts moto_server with `environment` added (such as `INITIAL_NO_AUTH_ACTION_COUNT=0` to
    /// check credentials), waiting at most `timeout` for it to listen.
    public static func start(environment: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> MotoServer {
        guard let bin = TestPython.binFolder, FileManager.default.isExecutableFile(atPath: bin + "/moto_server") else {
            throw StartError(description: "moto_server is not installed in the test venv (\(TestPython.repository)/.venv); run: .venv/bin/pip install \"moto[server]\" boto3")
        }
        let port = try FreePort.next()
        let logPath = NSTemporaryDirectory() + "moto-\(port)-\(UUID().uuidString.prefix(8)).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bin + "/moto_server")
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = MotoServer(port: port, process: process, logPath: logPath)
        let deadline = ContinuousClock.now + timeout
        while !Self.accepts(port: port) {
            guard process.isRunning else {
                throw StartError(description: "moto_server exited with \(process.terminationStatus) before listening: \(server.log.suffix(2000))")
            }
            guard ContinuousClock.now < deadline else {
                server.stop()
                throw StartError(description: "moto_server did not listen on port \(port) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server
    }

    /// What the server wrote to stdout and stderr.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Terminates the server, kills it when it has not exited within `grace` (moto_server's
    /// SIGTERM handler calls `sys.exit` from its main thread and its serving threads keep it alive),
    /// and waits for its exit. It keeps nothing on disk, so a kill loses nothing.
    public func stop(grace: Duration = .seconds(1)) {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + grace
            while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Runs a boto3 script against this server; `s3` is a ready client, `sys.argv[1:]` are `arguments`.
    public func boto3(_ body: String, arguments: [String] = []) throws -> String {
        let prologue = """
        import sys, boto3
        from botocore.config import Config
        s3 = boto3.client("s3", endpoint_url="\(endpoint)", region_name="us-east-1",
                          aws_access_key_id="\(Self.accessKeyID)", aws_secret_access_key="\(Self.secretAccessKey)",
                          config=Config(s3={"addressing_style": "path"}))

        """
        return try PythonScript.run(prologue + body, arguments: arguments)
    }

    /// Creates `bucket`.
    public func createBucket(_ bucket: String) throws {
        _ = try boto3("s3.create_bucket(Bucket=sys.argv[1])", arguments: [bucket])
    }

    static func accepts(port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
