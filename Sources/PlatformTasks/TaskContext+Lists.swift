import OrchestratorCore
import OrchestratorEngine

extension TaskContext {
    /// A key given as a YAML list of scalars or one comma-separated scalar; empty when absent.
    func stringList(_ key: String) throws -> [String] {
        switch config.first(where: { $0.key == key })?.value {
        case nil: return []
        case .scalar(let text, _)?:
            return text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        case .list(let items, _)?:
            return try items.map { item in
                guard let text = item.text else { throw TaskFailure("task '\(task.id)': '\(key)' must be a list of strings") }
                return text
            }
        case .map?:
            throw TaskFailure("task '\(task.id)': '\(key)' must be a list of strings, not a map")
        }
    }

    /// A `true`/`false` key (also yes/no, 1/0).
    func boolean(_ key: String, default fallback: Bool) throws -> Bool {
        guard let text = string(key) else { return fallback }
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw TaskFailure("task '\(task.id)': '\(key)' must be true or false, got '\(text)'")
        }
    }
}
