/// A value from a workflow file with the place it was written, as the YAML gave it.
///
/// Scalars stay text: a task type decides what its keys mean (a number, a path, a template).
public indirect enum ConfigValue: Sendable, Equatable {
    case scalar(String, SourceLocation)
    case list([ConfigValue], SourceLocation)
    case map([ConfigEntry], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, let location), .list(_, let location), .map(_, let location): location
        }
    }

    /// The text of a scalar, nil for a list or a map.
    public var text: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    public var entries: [ConfigEntry]? {
        if case .map(let entries, _) = self { return entries }
        return nil
    }

    public var items: [ConfigValue]? {
        if case .list(let items, _) = self { return items }
        return nil
    }

    /// Every scalar inside this value, depth first.
    public var scalars: [(text: String, location: SourceLocation)] {
        switch self {
        case .scalar(let text, let location): [(text, location)]
        case .list(let items, _): items.flatMap(\.scalars)
        case .map(let entries, _): entries.flatMap(\.value.scalars)
        }
    }

    /// Rebuilds the value with every scalar passed through `transform`.
    public func mapScalars(_ transform: (String) throws -> String) rethrows -> ConfigValue {
        switch self {
        case .scalar(let text, let location): .scalar(try transform(text), location)
        case .list(let items, let location): .list(try items.map { try $0.mapScalars(transform) }, location)
        case .map(let entries, let location):
            .map(try entries.map { ConfigEntry(key: $0.key, keyLocation: $0.keyLocation, value: try $0.value.mapScalars(transform)) }, location)
        }
    }
}

/// One `key: value` pair of a YAML mapping, in file order.
public struct ConfigEntry: Sendable, Equatable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: ConfigValue

    public init(key: String, keyLocation: SourceLocation, value: ConfigValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
