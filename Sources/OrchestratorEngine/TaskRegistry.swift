import OrchestratorCore

/// The task types known to the engine, by name. Built-in types register here; later ones
/// (Spark, remote workers) are added the same way.
public struct TaskRegistry: Sendable {
    var types: [String: any TaskType] = [:]

    public init(_ types: [any TaskType] = []) {
        for type in types { register(type) }
    }

    /// Adds or replaces a task type under its descriptor's name.
    public mutating func register(_ type: any TaskType) {
        types[type.descriptor.name] = type
    }

    public func type(named name: String) -> (any TaskType)? { types[name] }

    /// Descriptors for validation, sorted by name.
    public var catalog: [TaskTypeDescriptor] {
        types.values.map(\.descriptor).sorted { $0.name < $1.name }
    }

    /// The engine's own task types.
    public static var builtIn: TaskRegistry { TaskRegistry([ShellTask(), NoopTask()]) }
}
