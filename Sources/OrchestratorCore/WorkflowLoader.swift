/// Reads and validates workflow files.
public enum WorkflowLoader {
    /// Parses and validates `text` (the contents of `file`), reporting every problem at once.
    public static func load(text: String, file: String, catalog: [TaskTypeDescriptor]) -> Result<Workflow, DiagnosticsError> {
        let root: ConfigValue
        switch YAMLDocument.parse(text, file: file) {
        case .success(let value): root = value
        case .failure(let diagnostic): return .failure(DiagnosticsError([diagnostic]))
        }
        var parser = WorkflowParser(file: file, catalog: catalog)
        guard let workflow = parser.parse(root) else { return .failure(DiagnosticsError(parser.diagnostics.sorted)) }
        var validator = WorkflowValidator(diagnostics: parser.diagnostics)
        validator.validate(workflow)
        let found = validator.diagnostics.sorted
        return found.isEmpty ? .success(workflow) : .failure(DiagnosticsError(found))
    }
}
