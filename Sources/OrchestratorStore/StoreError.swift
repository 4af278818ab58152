import Foundation

/// Why the state folder or database cannot be used.
public enum StoreError: LocalizedError, Sendable {
    case cannotCreateFolder(path: String, reason: String)
    case notWritable(path: String)
    case newerSchema(path: String)
    case cannotOpen(path: String, reason: String)
    case unknownRun(String)
    case runIsActive(String, owner: String)
    case cannotWriteLog(path: String, reason: String)
    /// A scheduler's write was refused: its lease token no longer holds the scheduler lease.
    case leaseLost

    public var errorDescription: String? {
        switch self {
        case .cannotCreateFolder(let path, let reason):
            "cannot create state folder '\(path)': \(reason)"
        case .notWritable(let path):
            "state folder '\(path)' is not writable; pass --state DIR or set ORCHESTRATOR_STATE"
        case .newerSchema(let path):
            "state database '\(path)' was written by a newer orchestrator (unknown schema migrations); upgrade orchestrator or use another --state"
        case .cannotOpen(let path, let reason):
            "cannot open state database '\(path)': \(reason)"
        case .unknownRun(let id):
            "unknown run id '\(id)' (see 'orchestrator runs list')"
        case .runIsActive(let id, let owner):
            "run '\(id)' is still active (owned by \(owner)); cancel it first"
        case .cannotWriteLog(let path, let reason):
            "cannot write log '\(path)': \(reason)"
        case .leaseLost:
            "this scheduler no longer holds the scheduler lease (another one took it over): nothing was written"
        }
    }
}
