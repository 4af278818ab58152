import Foundation

/// `http://host:port[/base]`.
struct Endpoint {
    var host: String
    var port: Int
    var basePath: String

    init?(_ text: String) {
        guard text.hasPrefix("http://") else { return nil }
        let rest = text.dropFirst(7)
        let authority = rest.prefix { $0 != "/" }
        basePath = String(rest.dropFirst(authority.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !basePath.isEmpty { basePath = "/" + basePath }
        let parts = authority.split(separator: ":")
        guard let first = parts.first, !first.isEmpty, parts.count <= 2 else { return nil }
        host = String(first)
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65_535).contains(port) else { return nil }
            self.port = port
        } else {
            port = 80
        }
    }
}
