import Foundation
import Testing
@testable import OrchestratorEngine
@testable import OrchestratorScheduler

/// Reloading the workflow folder: changes, invalid files keeping their last valid version, deletions.
@Suite struct WorkflowFolderTests {
    @Test func invalidFileKeepsItsLastValidVersionAndDeletedFileIsDropped() throws {
        let path = NSTemporaryDirectory() + "folder-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let file = path + "/a.yaml"
        func write(_ text: String) throws { try text.write(toFile: file, atomically: true, encoding: .utf8) }
        var folder = WorkflowFolder(path: path, registry: .builtIn)

        try write("name: a\nschedule: \"0 2 * * *\"\ntasks:\n  - id: t\n    type: noop\n")
        try "not a workflow".write(toFile: path + "/notes.txt", atomically: true, encoding: .utf8)
        let first = folder.reload()
        #expect(first.count == 1)
        guard case .loaded = first.first else { Issue.record("expected the file to load, got \(first)"); return }
        #expect(folder.reload().isEmpty)  // unchanged files stay quiet

        try write("name: a\nschedule: \"0 25 * * *\"\ntasks:\n  - id: t\n    type: noop\n")
        let broken = folder.reload()
        guard case .invalid(_, let problems, let kept) = broken.first else { Issue.record("expected invalid, got \(broken)"); return }
        #expect(problems.contains("a.yaml:2:14: error: bad hour field '25'"))
        #expect(kept?.workflow.schedule?.schedule.description == "cron '0 2 * * *' in UTC")
        #expect(folder.workflows["a"]?.workflow.schedule?.schedule.description == "cron '0 2 * * *' in UTC")

        try write("name: a\nschedule: \"0 3 * * *\"\ntasks:\n  - id: t\n    type: noop\n")
        guard case .updated = folder.reload().first else { Issue.record("expected an update"); return }
        #expect(folder.workflows["a"]?.workflow.schedule?.schedule.description == "cron '0 3 * * *' in UTC")

        try FileManager.default.removeItem(atPath: file)
        guard case .removed(_, let name) = folder.reload().first else { Issue.record("expected a removal"); return }
        #expect(name == "a")
        #expect(folder.workflows.isEmpty)
    }
}
