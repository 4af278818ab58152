/// Failures of the streaming layer, each with a message that names what went wrong.
public enum StreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be opened, read or written.
    case storage(String)
    /// A batch could not be committed because the stream moved on (another process committed it).
    case checkpointMoved(stream: String, expected: Int64, found: Int64)
    /// The pending batch was taken over by another run (which will commit it); this run stops.
    case batchTakenOver(stream: String, owner: String)
    /// A name that is not a valid stream name.
    case badStreamName(String)

    public var description: String {
        switch self {
        case .storage(let message): message
        case .checkpointMoved(let stream, let expected, let found):
            "stream '\(stream)': the checkpoint is \(found), expected \(expected); another process committed this batch"
        case .batchTakenOver(let stream, let owner):
            "stream '\(stream)': the pending micro-batch now belongs to run \(owner), which commits it; this run stops here"
        case .badStreamName(let name): "bad stream name '\(name)': use 1 to 64 of a-z, 0-9, _ and -"
        }
    }

    /// True for names of 1-64 characters from `a-z0-9_-`.
    public static func isValidStreamName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
    }
}
