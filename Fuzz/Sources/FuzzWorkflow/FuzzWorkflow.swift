import OrchestratorCore

/// The input is a workflow file's text: YAML parsing, the workflow parser and the validator.
/// Invariant: a refused file has at least one diagnostic, and every diagnostic has a place in the
/// file (line and column from 1) and a message.
let catalog = [
    TaskTypeDescriptor(name: "shell", summary: "runs a command", keys: [.init("run", required: true, summary: "the command")]),
    TaskTypeDescriptor(name: "noop", summary: "does nothing", keys: []),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkflow(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch WorkflowLoader.load(text: text, file: "fuzz.yaml", catalog: catalog) {
    case .success(let workflow):
        guard !workflow.tasks.isEmpty else { fatalError("a workflow without tasks was accepted") }
    case .failure(let error):
        guard !error.diagnostics.isEmpty else { fatalError("refused without a diagnostic") }
        for diagnostic in error.diagnostics where diagnostic.location.line < 1 || diagnostic.location.column < 1 || diagnostic.message.isEmpty {
            fatalError("diagnostic without a place: \(diagnostic)")
        }
    }
    return 0
}
