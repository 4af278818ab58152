/// One task of a workflow as declared, after defaults are applied.
public struct TaskSpec: Sendable {
    public var id: String
    /// The registered task type name (`shell`, `ingest`, ...).
    public var type: String
    public var dependsOn: [String]
    public var triggerRule: TriggerRule
    public var retry: RetryPolicy
    public var timeout: Duration?
    /// Extra environment, in file order; values are templates.
    public var env: [(name: String, value: String)]
    public var workingDir: String?
    /// The queue workers take the task's attempts from when the run dispatches to workers
    /// (`QueueName.default` unless the task names one); a local run ignores it.
    public var queue: String
    /// The keys that belong to the task type (`run` for shell), with their values as written.
    public var config: [ConfigEntry]
    public var location: SourceLocation

    public init(id: String, type: String, dependsOn: [String] = [], triggerRule: TriggerRule = .allSuccess,
                retry: RetryPolicy = RetryPolicy(), timeout: Duration? = nil, env: [(name: String, value: String)] = [],
                workingDir: String? = nil, queue: String = QueueName.default, config: [ConfigEntry] = [],
                location: SourceLocation = .start) {
        self.id = id
        self.type = type
        self.dependsOn = dependsOn
        self.triggerRule = triggerRule
        self.retry = retry
        self.timeout = timeout
        self.env = env
        self.workingDir = workingDir
        self.queue = queue
        self.config = config
        self.location = location
    }

    /// The value of a type-specific key.
    public func config(_ key: String) -> ConfigValue? {
        config.first { $0.key == key }?.value
    }
}
