/// One `${...}` reference in a workflow string.
///
/// Only dotted names are templates (`${params.source}`); `${HOME}` is left for the shell.
public enum TemplateReference: Sendable, Hashable {
    case param(String)
    case env(String)
    case run(RunField)
    case task(TaskField)
    case output(task: String, key: String)

    public enum RunField: String, Sendable, CaseIterable {
        case id
        case logicalDate = "logical_date"
        case intervalStart = "interval_start"
        case intervalEnd = "interval_end"
    }

    public enum TaskField: String, Sendable, CaseIterable {
        case id
        case attempt
    }

    /// Parses the text between `${` and `}`; throws a message naming the reference when it is malformed.
    public init(parsing body: String) throws(TemplateError) {
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("params", 2) where !parts[1].isEmpty:
            self = .param(parts[1])
        case ("env", 2) where !parts[1].isEmpty:
            self = .env(parts[1])
        case ("run", 2):
            guard let field = RunField(rawValue: parts[1]) else {
                throw .unknownField(reference: body, known: RunField.allCases.map { "run.\($0.rawValue)" })
            }
            self = .run(field)
        case ("task", 2):
            guard let field = TaskField(rawValue: parts[1]) else {
                throw .unknownField(reference: body, known: TaskField.allCases.map { "task.\($0.rawValue)" })
            }
            self = .task(field)
        case ("tasks", 4) where parts[2] == "outputs" && !parts[1].isEmpty && !parts[3].isEmpty:
            self = .output(task: parts[1], key: parts[3])
        default:
            throw .malformed(reference: body)
        }
    }
}

/// Why a template could not be read or filled in.
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(reference: String)
    case unknownField(reference: String, known: [String])
    case unterminated(text: String)
    case unresolved(reference: String, reason: String)
    /// Params that refer to each other in a circle, `a -> b -> a`.
    case paramCycle([String])
    /// A param that refers through more than ``ParamExpander/maximumDepth`` other params.
    case paramTooDeep(String)
    /// Params whose expanded values together pass ``ParamExpander/maximumLength`` bytes.
    case paramTooLong(String)

    public var description: String {
        switch self {
        case .malformed(let reference):
            "unknown reference '${\(reference)}' (use params.NAME, env.NAME, run.id, run.logical_date, task.id, task.attempt or tasks.ID.outputs.KEY)"
        case .unknownField(let reference, let known):
            "unknown reference '${\(reference)}' (known: \(known.joined(separator: ", ")))"
        case .unterminated(let text):
            "unterminated '${' in '\(text)'"
        case .unresolved(let reference, let reason):
            "cannot resolve '${\(reference)}': \(reason)"
        case .paramCycle(let names):
            "params refer to each other in a cycle: \(names.joined(separator: " -> "))"
        case .paramTooDeep(let name):
            "param '\(name)' refers through more than \(ParamExpander.maximumDepth) other params"
        case .paramTooLong(let name):
            "param '\(name)' makes the params longer than \(ParamExpander.maximumLength) bytes when expanded"
        }
    }
}
