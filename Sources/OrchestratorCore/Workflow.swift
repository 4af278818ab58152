/// A validated workflow: a named DAG of tasks with parameters, defaults and hooks.
public struct Workflow: Sendable {
    public var name: String
    public var description: String?
    /// Parameter defaults, in file order. `--param key=value` overrides them.
    public var params: [(name: String, value: String)]
    public var defaults: TaskDefaults
    /// Tasks running at once; nil means the number of cores.
    public var maxParallelTasks: Int?
    /// Limit for the whole run.
    public var timeout: Duration?
    public var hooks: WorkflowHooks
    /// When the scheduler runs the workflow on its own; nil for workflows run only by hand.
    public var schedule: WorkflowSchedule?
    /// Run history the scheduler keeps; everything by default.
    public var retention = RunRetention()
    /// A folder (a template, e.g. `${params.out}/.work/${run.id}`) for one run's intermediate files:
    /// removed when the run succeeds, kept when it does not, so that `retry` can resume from them.
    public var scratch: String?
    public var tasks: [TaskSpec]

    public init(name: String, description: String? = nil, params: [(name: String, value: String)] = [],
                defaults: TaskDefaults = TaskDefaults(), maxParallelTasks: Int? = nil, timeout: Duration? = nil,
                hooks: WorkflowHooks = WorkflowHooks(), tasks: [TaskSpec]) {
        self.name = name
        self.description = description
        self.params = params
        self.defaults = defaults
        self.maxParallelTasks = maxParallelTasks
        self.timeout = timeout
        self.hooks = hooks
        self.tasks = tasks
    }

    public func task(_ id: String) -> TaskSpec? { tasks.first { $0.id == id } }
}

/// Settings every task inherits unless it sets its own.
public struct TaskDefaults: Sendable, Equatable {
    public var retry: RetryPolicy
    public var timeout: Duration?

    public init(retry: RetryPolicy = RetryPolicy(), timeout: Duration? = nil) {
        self.retry = retry
        self.timeout = timeout
    }
}

/// Shell commands run when a run ends; they get the run's id, workflow and status in their environment.
public struct WorkflowHooks: Sendable, Equatable {
    public var onSuccess: String?
    public var onFailure: String?
    public var onExit: String?

    public init(onSuccess: String? = nil, onFailure: String? = nil, onExit: String? = nil) {
        self.onSuccess = onSuccess
        self.onFailure = onFailure
        self.onExit = onExit
    }
}
