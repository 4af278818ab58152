import Yams

/// Reads YAML text into a `ConfigValue` tree that keeps every value's line and column.
enum YAMLDocument {
    /// The document's root, or a diagnostic for a syntax error.
    static func parse(_ text: String, file: String) -> Result<ConfigValue, Diagnostic> {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .failure(Diagnostic(file: file, location: .start, message: "the file is empty"))
            }
            return convert(node, file: file)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(Diagnostic(file: file, location: .start, message: "cannot read YAML: \(error)"))
        }
    }

    static func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return .start }
        return SourceLocation(line: mark.line, column: mark.column)
    }

    static func convert(_ node: Node, file: String) -> Result<ConfigValue, Diagnostic> {
        switch node {
        case .scalar(let scalar):
            // A quoted scalar's location is its first character inside the quotes, so that a
            // column within the text (a cron field) maps to a column in the file.
            var start = location(scalar.mark)
            if scalar.mark != nil, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { start.column += 1 }
            return .success(.scalar(scalar.string, start))
        case .sequence(let sequence):
            var items: [ConfigValue] = []
            for item in sequence {
                switch convert(item, file: file) {
                case .success(let value): items.append(value)
                case .failure(let diagnostic): return .failure(diagnostic)
                }
            }
            return .success(.list(items, location(sequence.mark)))
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    return .failure(Diagnostic(file: file, location: location(key.mark), message: "a mapping key must be a plain string"))
                }
                switch convert(value, file: file) {
                case .success(let converted):
                    entries.append(ConfigEntry(key: keyScalar.string, keyLocation: location(keyScalar.mark), value: converted))
                case .failure(let diagnostic):
                    return .failure(diagnostic)
                }
            }
            return .success(.map(entries, location(mapping.mark)))
        case .alias(let alias):
            return .failure(Diagnostic(file: file, location: location(alias.mark), message: "YAML aliases are not supported; write the value out"))
        }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return Diagnostic(file: file, location: location(mark), message: "YAML syntax: \(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(file: file, location: location(context.mark),
                              message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in mapping")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, location: .start, message: "YAML reader: \(problem)")
        default:
            return Diagnostic(file: file, location: .start, message: "YAML: \(error)")
        }
    }
}
