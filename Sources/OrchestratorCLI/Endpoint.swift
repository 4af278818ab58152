import Foundation

/// `http://host[:port][/base]` or `https://...`: the server `produce` talks to.
struct Endpoint {
    var secure: Bool
    var host: String
    var port: Int
    var basePath: String

    init?(_ text: String) {
        let rest: Substring
        if text.hasPrefix("http://") {
            secure = false
            rest = text.dropFirst(7)
        } else if text.hasPrefix("https://") {
            secure = true
            rest = text.dropFirst(8)
        } else {
            return nil
        }
        let authority = rest.prefix { $0 != "/" }
        basePath = String(rest.dropFirst(authority.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !basePath.isEmpty { basePath = "/" + basePath }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty, parts.count <= 2 else { return nil }
        host = String(first)
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65_535).contains(port) else { return nil }
            self.port = port
        } else {
            port = secure ? 443 : 80
        }
    }

    /// `scheme://host:port`.
    var origin: String { "\(secure ? "https" : "http")://\(host):\(port)" }
}
