import Foundation
import Testing
import TestServers
@testable import ObjectStorage

/// The signer against botocore's `S3SigV4Auth` on the same requests at a fixed time.
@Suite struct SigV4BotocoreTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method: String
        var bucket: String
        var key: String
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body: String = ""
        var endpoint: String? = "http://127.0.0.1:9000"
        var pathStyle = true
        var region = "us-east-1"
        var sessionToken: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "PutObject with body and checksum", method: "PUT", bucket: "lake", key: "emr/sales/year=2011/month=01/part-00000.parquet",
             headers: [("content-type", "application/vnd.apache.parquet"), ("x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="),
                       ("x-amz-meta-sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")],
             body: "test"),
        Case(name: "ListObjectsV2 with continuation token", method: "GET", bucket: "lake", key: "",
             query: [("list-type", "2"), ("prefix", "emr/sales/year=2011/"), ("max-keys", "7"),
                     ("continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=+x")],
             endpoint: nil, pathStyle: false, region: "eu-west-1"),
        Case(name: "key with special characters", method: "PUT", bucket: "my.bucket", key: "data/a b+c=d&é ü/(1)*!'~,;:@$.csv",
             headers: [("content-type", "text/csv;   charset=utf-8")], body: "a,b\n1,2\n", endpoint: nil, pathStyle: false, region: "us-west-2"),
        Case(name: "UploadPart", method: "PUT", bucket: "lake", key: "big/file.bin",
             query: [("partNumber", "3"), ("uploadId", "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA~-._")],
             body: String(repeating: "x", count: 10_000)),
        Case(name: "CreateMultipartUpload", method: "POST", bucket: "lake", key: "big/file.bin", query: [("uploads", "")],
             headers: [("x-amz-storage-class", "STANDARD_IA"), ("content-type", "application/octet-stream")]),
        Case(name: "DeleteObjects", method: "POST", bucket: "lake", key: "", query: [("delete", "")],
             headers: [("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("content-type", "application/xml")],
             body: "<Delete><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object></Delete>"),
        Case(name: "HeadObject with session token", method: "HEAD", bucket: "lake", key: "powerbi/fact_sales.csv",
             headers: [("x-amz-checksum-mode", "ENABLED")], endpoint: nil, pathStyle: false, region: "ap-southeast-2",
             sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes=="),
        Case(name: "ListMultipartUploads with markers", method: "GET", bucket: "lake", key: "",
             query: [("uploads", ""), ("prefix", "emr/"), ("key-marker", "emr/a b.parquet"), ("upload-id-marker", "abc/def=")]),
        Case(name: "AbortMultipartUpload", method: "DELETE", bucket: "lake", key: "big/file.bin", query: [("uploadId", "2~abc")],
             endpoint: "https://s3.example.com:8443", pathStyle: false),
    ]

    static let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    static let script = """
    import json, sys, datetime
    from unittest import mock
    from urllib.parse import quote
    import botocore.auth
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    fixed = datetime.datetime(2023, 11, 14, 22, 13, 20)
    out = []
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: fixed):
        for case in json.load(sys.stdin):
            key_path = quote(case["key"], safe="/~")
            url = case["base"] + key_path
            request = AWSRequest(method=case["method"], url=url, data=case["body"].encode("utf-8"),
                                 headers=dict(case["headers"]), params=dict(case["query"]))
            credentials = Credentials(case["access"], case["secret"], case["token"])
            S3SigV4Auth(credentials, "s3", case["region"]).add_auth(request)
            out.append(request.headers["Authorization"])
    print(json.dumps(out))
    """

    static let credentials = (access: "AKIDEXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    @Test func authorizationEqualsBotocore() throws {
        var inputs: [[String: Any]] = []
        var mine: [String] = []
        for testCase in Self.cases {
            let configuration = S3Configuration(
                credentials: S3Credentials(accessKeyID: Self.credentials.access, secretAccessKey: Self.credentials.secret, sessionToken: testCase.sessionToken),
                region: testCase.region, endpoint: try testCase.endpoint.map { try S3Configuration.Endpoint($0) }, forcePathStyle: testCase.pathStyle)
            let address = configuration.address(bucket: testCase.bucket, key: testCase.key)
            let body = Data(testCase.body.utf8)
            let request = SigV4Request(method: testCase.method, host: address.host, path: address.path, query: testCase.query,
                                       headers: testCase.headers, payloadHash: Digests.sha256Hex(body))
            let signer = SigV4Signer(credentials: configuration.credentials, region: testCase.region)
            let headers = signer.signatureHeaders(for: request, at: Self.fixedDate)
            mine.append(headers.first { $0.name == "authorization" }?.value ?? "")
            #expect(headers.contains { $0.name == "x-amz-date" && $0.value == "20231114T221320Z" })
            #expect(headers.contains { $0.name == "x-amz-security-token" } == (testCase.sessionToken != nil))
            // The base URL up to the key: the path without the encoded key, as botocore's S3 serializer builds it.
            let keyStart = address.path.count - URIEncoding.encode(testCase.key, keepSlash: true).count
            let base = "\(address.secure ? "https" : "http")://\(address.host)\(address.path.prefix(keyStart))"
            inputs.append(["method": testCase.method, "base": base, "key": testCase.key, "body": testCase.body,
                           "headers": testCase.headers.map { [$0.name, $0.value] }, "query": testCase.query.map { [$0.name, $0.value] },
                           "access": Self.credentials.access, "secret": Self.credentials.secret, "token": testCase.sessionToken as Any,
                           "region": testCase.region])
        }
        let input = String(decoding: try JSONSerialization.data(withJSONObject: inputs), as: UTF8.self)
        let output = try PythonScript.run(Self.script, input: input)
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String])
        #expect(theirs.count == Self.cases.count)
        for (index, testCase) in Self.cases.enumerated() where index < theirs.count {
            #expect(mine[index] == theirs[index], "\(testCase.name)")
        }
    }

    /// The GET Object example of the S3 SigV4 documentation ("Signature Calculations for the Authorization Header").
    @Test func awsDocumentationExample() {
        let signer = SigV4Signer(credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 region: "us-east-1")
        let request = SigV4Request(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                                   headers: [("Range", "bytes=0-9")], payloadHash: SigV4Signer.emptyPayloadHash)
        let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
        let authorization = signer.signatureHeaders(for: request, at: date).first { $0.name == "authorization" }?.value
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func credentialsPrintRedacted() {
        let credentials = S3Credentials(accessKeyID: "AKIAABCDEFGH12345678", secretAccessKey: "topSecretValue123", sessionToken: "tokenValue456")
        let configuration = S3Configuration(credentials: credentials)
        for text in [credentials.description, String(reflecting: credentials), "\(credentials)", configuration.description] {
            #expect(!text.contains("topSecretValue123"))
            #expect(!text.contains("tokenValue456"))
            #expect(!text.contains("AKIAABCDEFGH1234"))
        }
        var dumped = ""
        dump(credentials, to: &dumped)
        for secret in ["topSecretValue123", "tokenValue456"] {
            #expect(!dumped.contains(secret), "\(dumped)")
        }
    }
}
