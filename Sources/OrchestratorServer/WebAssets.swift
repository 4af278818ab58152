import Hummingbird
import NIOCore

/// The web UI: files compiled into the binary (SwiftPM's `embedInCode`), served under `/ui/`, and
/// `index.html` for every page address, so a bookmarked or pasted page URL opens the app there.
enum WebAssets {
    /// Every file of `Sources/OrchestratorServer/Web` by name (a test checks none is missing).
    static let files: [String: [UInt8]] = [
        "api.js": PackageResources.api_js,
        "app.css": PackageResources.app_css,
        "app.js": PackageResources.app_js,
        "dag.js": PackageResources.dag_js,
        "dom.js": PackageResources.dom_js,
        "format.js": PackageResources.format_js,
        "gantt.js": PackageResources.gantt_js,
        "index.html": PackageResources.index_html,
        "login.js": PackageResources.login_js,
        "run.js": PackageResources.run_js,
        "runs.js": PackageResources.runs_js,
        "streams.js": PackageResources.streams_js,
        "task.js": PackageResources.task_js,
        "workflows.js": PackageResources.workflows_js,
    ]

    /// Page addresses the app handles itself (History API routes).
    static let pages = ["/", "/workflows", "/workflows/{name}", "/runs", "/runs/{id}", "/runs/{id}/tasks/{task}",
                        "/streams", "/streams/{stream}"]

    static func contentType(_ name: String) -> String {
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        return "application/octet-stream"
    }

    static func response(_ name: String) throws -> Response {
        guard let bytes = files[name] else { throw APIError.notFound("no file '\(name)' in the web UI") }
        var headers = HTTPFields()
        headers[.contentType] = contentType(name)
        headers[.contentLength] = String(bytes.count)
        // The files change only with the binary; revalidating each load keeps an upgrade visible.
        headers[.cacheControl] = "no-cache"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Content-Security-Policy")!] = "default-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func page(_ request: Request, context: APIContext) async throws -> Response {
        try response("index.html")
    }

    static func file(_ request: Request, context: APIContext) async throws -> Response {
        try response(try context.pathParameter("file"))
    }
}
