/// The name of a task queue: what a task's `queue:` key routes it to, and what a worker's
/// `--queues` lists. Lower-case letters, digits, `_` and `-`, at most 64 characters, so that it
/// reads the same in YAML, on a command line and in the database.
public enum QueueName {
    /// The queue of tasks that name none.
    public static let `default` = "default"
    public static let maximumLength = 64

    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumLength && name.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 || byte == 45
        }
    }

    /// Why `name` is refused, for messages that name it.
    public static let rule = "[a-z0-9_-]+, at most \(maximumLength) characters"
}
