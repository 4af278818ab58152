import Foundation
import OrchestratorCore
import OrchestratorStore

/// A workflow's `scratch` folder for one run: the intermediate files its tasks hand each other
/// (the batch's cleaned table). Removed when the run succeeds, in the process that ran it, right
/// after its end is recorded; kept when it fails or is interrupted, so that `retry` can resume from
/// them (and removed when the retried run succeeds).
struct ScratchFolder {
    /// The rendered path, relative to the working directory unless absolute.
    let path: String

    /// Removes the scratch folder of `plan`'s workflow, if it has one, after the run succeeded;
    /// returns a warning when it could not, or would not, be removed (the run's status stays).
    static func removeAfterSuccess(of plan: RunPlan, keeping state: StateDirectory) -> String? {
        guard let template = plan.workflow.scratch else { return nil }
        do {
            let path = try plan.renderEndTemplate(template, environment: ProcessInfo.processInfo.environment)
            return ScratchFolder(path: path).remove(keeping: state)
        } catch {
            return "scratch folder '\(template)' not removed: \(error)"
        }
    }

    /// Removes the folder; returns a warning when it cannot, or will not: a folder that holds the
    /// working directory or the state folder is never removed.
    func remove(keeping state: StateDirectory) -> String? {
        let current = FileManager.default.currentDirectoryPath
        let absolute = Self.absolute(path, in: current)
        let kept = [current, Self.absolute(state.root, in: current)]
        if absolute == "/" || kept.contains(where: { $0 == absolute || $0.hasPrefix(absolute + "/") }) {
            return "scratch folder '\(path)' holds the working directory or the state folder: not removed"
        }
        guard FileManager.default.fileExists(atPath: absolute) else { return nil }
        do {
            try FileManager.default.removeItem(atPath: absolute)
            return nil
        } catch {
            return "cannot remove scratch folder '\(path)': \(error.localizedDescription)"
        }
    }

    /// `path` made absolute against `directory`, without `.` or `..` components or a trailing slash.
    static func absolute(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
