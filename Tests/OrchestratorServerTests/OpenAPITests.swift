import Foundation
import OrchestratorServer
import Streaming
import Testing

/// `docs/openapi.yaml` and the routes the server answers stay in step.
@Suite struct OpenAPITests {
    /// One operation of the document: `"GET /healthz"`, and whether it opts out of auth (`security: []`).
    struct Operation: Hashable {
        var key: String
        var open: Bool
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    static func document() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
    }

    /// The operations under `paths:`: 2-space keys starting with `/`, 4-space HTTP method keys,
    /// and a 6-space `security: []` inside an operation. Stops at the next top-level key.
    static func operations(in yaml: String) -> [Operation] {
        var operations: [Operation] = []
        var inPaths = false
        var path: String?
        for raw in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                if inPaths { break }
                inPaths = trimmed == "paths:"
                continue
            }
            guard inPaths, trimmed.hasSuffix(":") || trimmed.contains(": ") else { continue }
            let key = String(trimmed.prefix { $0 != ":" }).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            switch indent {
            case 2:
                path = key.hasPrefix("/") ? key : nil
            case 4:
                if let path, methods.contains(key) { operations.append(Operation(key: "\(key.uppercased()) \(path)", open: false)) }
            case 6:
                // `security: []` (open), or `[{}, ...]` (open unless the server is told to guard it).
                let compact = trimmed.replacingOccurrences(of: " ", with: "")
                if compact == "security:[]" || compact.hasPrefix("security:[{},"), !operations.isEmpty {
                    operations[operations.count - 1].open = true
                }
            default:
                break
            }
        }
        return operations
    }

    @Test func everyDocumentedOperationIsARouteAndBack() async throws {
        let documented = Self.operations(in: try Self.document())
        let fixture = try await APIFixture()
        let routes = fixture.api.routes.filter(\.documented).map { "\($0.method.rawValue.uppercased()) \($0.path)" }
        #expect(Set(documented.map(\.key)) == Set(routes))
        #expect(documented.count == Set(documented.map(\.key)).count, "an operation is documented twice")
        #expect(routes.count == Set(routes).count, "a route is registered twice")
        #expect(routes.contains("POST /api/v1/streams/{stream}/records"))
    }

    @Test func onlyTheOperationsThatOptOutOfSecurityAreUnauthenticated() async throws {
        let documented = Self.operations(in: try Self.document())
        let fixture = try await APIFixture()
        let open = fixture.api.routes.filter { !$0.authenticated && $0.documented }.map { "\($0.method.rawValue) \($0.path)" }
        #expect(Set(documented.filter(\.open).map(\.key)) == Set(open))
        #expect(open == ["GET /healthz", "GET /metrics"])
    }

    @Test func theScannerReadsOnlyThePathsSection() {
        let yaml = """
            openapi: 3.1.0
            info:
              title: x
              /notapath:
                get: {}
            paths:
              # a comment
              /a/{id}:
                parameters:
                  - name: id
                get:
                  summary: x
                  security: []
              "/b":
                post:
                put:
                  security: [bearerAuth: []]
            components:
              /c:
                get:
            """
        #expect(Self.operations(in: yaml) == [
            Operation(key: "GET /a/{id}", open: true), Operation(key: "POST /b", open: false), Operation(key: "PUT /b", open: false),
        ])
    }
}
