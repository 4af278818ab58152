import OrchestratorEngine

/// Typed readers for the retail task types' keys, with errors that name the task, key and value.
extension TaskContext {
    public func integer(_ key: String, default fallback: Int) throws -> Int {
        guard let text = string(key) else { return fallback }
        guard let value = Int(text) else { throw TaskFailure("task '\(task.id)': '\(key)' must be a whole number, got '\(text)'") }
        return value
    }

    public func decimal(_ key: String, default fallback: Double) throws -> Double {
        guard let text = string(key) else { return fallback }
        guard let value = Double(text) else { throw TaskFailure("task '\(task.id)': '\(key)' must be a number, got '\(text)'") }
        return value
    }

    public func flag(_ key: String, default fallback: Bool) throws -> Bool {
        guard let text = string(key) else { return fallback }
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw TaskFailure("task '\(task.id)': '\(key)' must be true or false, got '\(text)'")
        }
    }

    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let text = string(key) else { return fallback }
        guard let value = T(rawValue: text) else {
            throw TaskFailure("task '\(task.id)': unknown \(key) '\(text)'; use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
