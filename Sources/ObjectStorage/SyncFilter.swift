/// Which relative paths a sync covers: those matching an `include` pattern (all when there
/// are none) and no `exclude` pattern.
public struct SyncFilter: Sendable, Equatable {
    public var include: [GlobPattern]
    public var exclude: [GlobPattern]

    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include.map(GlobPattern.init)
        self.exclude = exclude.map(GlobPattern.init)
    }

    public func covers(_ relativePath: String) -> Bool {
        (include.isEmpty || include.contains { $0.matches(relativePath) }) && !exclude.contains { $0.matches(relativePath) }
    }
}
