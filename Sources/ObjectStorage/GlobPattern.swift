/// A file pattern as `aws s3 sync --include/--exclude` reads it: `*` matches any run of
/// characters (`/` included), `?` one character, everything else itself.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        characters = Array(pattern)
    }

    /// Whether the whole of `path` matches.
    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < characters.count && (characters[p] == "?" || characters[p] == text[t]) && characters[p] != "*" {
                p += 1
                t += 1
            } else if p < characters.count && characters[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < characters.count && characters[p] == "*" { p += 1 }
        return p == characters.count
    }

    public var description: String { pattern }
}
