/// The encoding a file was finally read with.
public enum DetectedEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case latin1 = "latin-1"
}
