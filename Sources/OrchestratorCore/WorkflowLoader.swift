/// Reads and validates workflow files.
public enum WorkflowLoader {
    /// The largest workflow file read: 16 MiB, room for 100,000 tasks. Readers check a file's size
    /// before reading it (`WorkflowFile.oversize`), so a huge file is refused unread.
    public static let maximumFileBytes = 16 << 20

    /// The diagnostic for a file of `bytes` bytes, more than ``maximumFileBytes``.
    public static func tooLarge(file: String, bytes: Int) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(file: file, location: .start,
                                     message: "the file is \(bytes) bytes; a workflow file may be at most \(maximumFileBytes) bytes (16 MiB)")])
    }

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
