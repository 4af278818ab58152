/// Reads YAML text into a `ConfigValue` tree that keeps every value's line and column.
///
/// The tree is built from parse events, so a hostile file is refused before it costs anything:
/// text over ``WorkflowLoader/maximumFileBytes``, nesting deeper than ``maximumDepth`` and any alias (the "billion
/// laughs" expansion) are errors at their place, in time linear in the text.
enum YAMLDocument {
    /// The deepest nesting of lists and mappings.
    static let maximumDepth = 64

    /// The document's root, or a diagnostic for a syntax error or a refused construct.
    static func parse(_ text: String, file: String) -> Result<ConfigValue, Diagnostic> {
        let size = text.utf8.count
        guard size <= WorkflowLoader.maximumFileBytes else {
            return .failure(WorkflowLoader.tooLarge(file: file, bytes: size).diagnostics[0])
        }
        var builder = Builder(reader: YAMLEventReader(text), file: file)
        do throws(Diagnostic) {
            return .success(try builder.document())
        } catch {
            return .failure(error)
        }
    }

    /// Builds the tree from events, depth first; recursion is bounded by ``maximumDepth``.
    struct Builder {
        let reader: YAMLEventReader
        let file: String

        func next() throws(Diagnostic) -> YAMLEventReader.Event {
            do {
                return try reader.next()
            } catch {
                throw Diagnostic(file: file, location: error.location, message: error.message)
            }
        }

        mutating func document() throws(Diagnostic) -> ConfigValue {
            _ = try next()  // stream start
            guard case .documentStart = try next() else {
                throw Diagnostic(file: file, location: .start, message: "the file is empty")
            }
            let root = try node(try next(), depth: 1)
            _ = try next()  // document end
            if case .documentStart = try next() {
                throw Diagnostic(file: file, location: .start,
                                 message: "YAML syntax: expected a single document in the stream but found another document")
            }
            return root
        }

        mutating func node(_ event: YAMLEventReader.Event, depth: Int) throws(Diagnostic) -> ConfigValue {
            switch event {
            case .scalar(let text, var start, let quoted):
                // A quoted scalar's location is its first character inside the quotes, so that a
                // column within the text (a cron field) maps to a column in the file.
                if quoted { start.column += 1 }
                return .scalar(text, start)
            case .alias(let location):
                throw Diagnostic(file: file, location: location, message: "YAML aliases are not supported; write the value out")
            case .sequenceStart(let location):
                try checkDepth(depth, at: location)
                var items: [ConfigValue] = []
                while true {
                    let event = try next()
                    if case .sequenceEnd = event { break }
                    items.append(try node(event, depth: depth + 1))
                }
                return .list(items, location)
            case .mappingStart(let location):
                try checkDepth(depth, at: location)
                var entries: [ConfigEntry] = []
                var seen: [String: SourceLocation] = [:]
                while true {
                    let keyEvent = try next()
                    if case .mappingEnd = keyEvent { break }
                    let key = try node(keyEvent, depth: depth + 1)
                    guard case .scalar(let name, let keyLocation) = key else {
                        throw Diagnostic(file: file, location: key.location, message: "a mapping key must be a plain string")
                    }
                    if let first = seen[name] {
                        throw Diagnostic(file: file, location: keyLocation,
                                         message: "duplicate key '\(name)' in mapping (first at line \(first.line))")
                    }
                    seen[name] = keyLocation
                    entries.append(ConfigEntry(key: name, keyLocation: keyLocation, value: try node(try next(), depth: depth + 1)))
                }
                return .map(entries, location)
            default:
                throw Diagnostic(file: file, location: .start, message: "YAML syntax: unexpected end of the document")
            }
        }

        func checkDepth(_ depth: Int, at location: SourceLocation) throws(Diagnostic) {
            guard depth <= YAMLDocument.maximumDepth else {
                throw Diagnostic(file: file, location: location,
                                 message: "lists and mappings are nested more than \(YAMLDocument.maximumDepth) levels deep")
            }
        }
    }
}
