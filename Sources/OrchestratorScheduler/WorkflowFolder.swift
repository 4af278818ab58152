import Foundation
import OrchestratorCore
import OrchestratorEngine
import OrchestratorStore

/// A workflow file the scheduler knows, in the last version that validated.
public struct LoadedWorkflow: Sendable {
    public var workflow: Workflow
    public var record: WorkflowRecord
    public var file: String

    public init(workflow: Workflow, record: WorkflowRecord, file: String) {
        self.workflow = workflow
        self.record = record
        self.file = file
    }

    public var name: String { workflow.name }
}

/// The workflow files of a folder: `*.yaml` and `*.yml`, not recursive.
///
/// `reload()` reads every file again. A file that no longer validates keeps its last valid
/// version (and so its schedule); a file that disappeared is dropped. What changed is returned so
/// the caller can log it.
public struct WorkflowFolder: Sendable {
    public let path: String
    public let registry: TaskRegistry
    /// The current version of each file, by path.
    public private(set) var files: [String: LoadedWorkflow] = [:]
    /// The hash of the text last seen for each file, valid or not, so unchanged files stay quiet.
    var seen: [String: String] = [:]

    public init(path: String, registry: TaskRegistry) {
        self.path = path
        self.registry = registry
    }

    public enum Change: Sendable {
        case loaded(LoadedWorkflow)
        case updated(LoadedWorkflow)
        case removed(file: String, workflow: String)
        /// The file does not validate; `kept` is the version still scheduled, if any.
        case invalid(file: String, problems: String, kept: LoadedWorkflow?)
    }

    /// Workflows by name. When two files declare the same name, the first path in sort order wins.
    public var workflows: [String: LoadedWorkflow] {
        var result: [String: LoadedWorkflow] = [:]
        for path in files.keys.sorted() {
            let loaded = files[path]!
            if result[loaded.name] == nil { result[loaded.name] = loaded }
        }
        return result
    }

    public mutating func reload() -> [Change] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
        let present = Set(names.map { path + "/" + $0 })
        var changes: [Change] = []
        for file in files.keys.sorted() where !present.contains(file) {
            changes.append(.removed(file: file, workflow: files[file]!.name))
            files[file] = nil
        }
        for file in seen.keys where !present.contains(file) { seen[file] = nil }
        for file in present.sorted() {
            if let bytes = WorkflowFile.oversize(path: file) {
                let marker = "oversize:\(bytes)"
                if seen[file] != marker {
                    seen[file] = marker
                    changes.append(.invalid(file: file, problems: WorkflowLoader.tooLarge(file: file, bytes: bytes).description, kept: files[file]))
                }
                continue
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            let hash = WorkflowFile.hash(text)
            if seen[file] == hash { continue }
            seen[file] = hash
            switch WorkflowLoader.load(text: text, file: file, catalog: registry.catalog) {
            case .success(let workflow):
                let loaded = LoadedWorkflow(workflow: workflow, record: WorkflowRecord(name: workflow.name, hash: hash, file: file, yaml: text), file: file)
                changes.append(files[file] == nil ? .loaded(loaded) : .updated(loaded))
                files[file] = loaded
            case .failure(let problems):
                changes.append(.invalid(file: file, problems: problems.description, kept: files[file]))
            }
        }
        return changes
    }
}
