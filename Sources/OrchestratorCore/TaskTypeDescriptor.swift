/// What the validator needs to know about a task type: its name and the keys it accepts.
///
/// The engine's registry pairs each descriptor with the code that runs the type; the core only
/// sees descriptors, so validation stays free of I/O.
public struct TaskTypeDescriptor: Sendable {
    public struct Key: Sendable {
        public var name: String
        public var required: Bool
        public var summary: String

        public init(_ name: String, required: Bool = false, summary: String) {
            self.name = name
            self.required = required
            self.summary = summary
        }
    }

    public var name: String
    public var summary: String
    public var keys: [Key]

    public init(name: String, summary: String, keys: [Key]) {
        self.name = name
        self.summary = summary
        self.keys = keys
    }
}
