import Foundation
import Testing
import TestServers

/// `orchestrator produce` (async-http-client) against a server that answers nonsense: every malformed
/// reply is an error message naming what was wrong, and exit code 1, never a trap.
@Suite struct ProduceMalformedReplyTests {
    static let csv = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
        536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom

        """

    @Test(arguments: [
        ("HTTP/1.1\r\n\r\n", "malformed reply from the server (HTTP parser: invalid HTTP version)"),
        ("HTTP/1.1 \r\n\r\n", "malformed reply from the server (HTTP parser: invalid HTTP status code)"),
        ("HTTP/1.1 abc OK\r\n\r\n", "invalid HTTP status code"),
        ("HTTP/1.1 99999999999999999999999 OK\r\n\r\n", "invalid HTTP status code"),
        ("SSH-2.0-OpenSSH_9.6\r\n\r\n", "malformed reply from the server"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", "invalid character in chunk size header"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "invalid character in chunk size header"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n", "invalid character in chunk size header"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFF\r\n", "malformed reply from the server"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n", "malformed reply from the server"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid character in content-length header"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n", "a reply body over 16777216 bytes"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "without a PostResult body"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 51\r\n\r\n{\"accepted\":9223372036854775807,\"refused\":1,\"x\":[]}", "without a PostResult body"),
        ("", "the server closed the connection"),
    ])
    func aMalformedReplyIsAnErrorAndExitCode1(reply: String, message: String) throws {
        let server = try FakeHTTPServer(reply: reply)
        defer { server.stop() }
        let cli = try CLI()
        try cli.write("retail.csv", Self.csv)
        let result = try cli.run(["produce", "retail.csv", "--url", "http://127.0.0.1:\(server.port)", "--token", "orc_x", "--batch", "1"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
    }

    @Test func anAddressNobodyListensOnIsExitCode2() throws {
        let cli = try CLI()
        try cli.write("retail.csv", Self.csv)
        let port = try TestServers.FreePort.next()
        let result = try cli.run(["produce", "retail.csv", "--url", "http://127.0.0.1:\(port)", "--token", "orc_x"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("could not connect"), "\(result.stderr)")
        #expect(result.stderr.contains("0 records were sent before"), "\(result.stderr)")
    }
}
