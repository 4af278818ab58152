import Foundation

/// Replaces an output folder as a whole: everything is written into a staging folder beside it,
/// then two renames swap it in, so readers never see half-written files in the target (between
/// the two renames the target is briefly absent; a failed swap puts the previous version back).
struct DirectorySwap {
    let target: String
    let staging: String

    /// Prepares an empty staging folder next to `target`.
    init(target: String, runID: String) throws {
        self.target = target
        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        staging = (parent.isEmpty ? "." : parent) + "/.\(name).staging-\(runID)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: parent.isEmpty ? "." : parent, withIntermediateDirectories: true)
        try? manager.removeItem(atPath: staging)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    /// Moves the staging folder into place and removes the previous version.
    func commit() throws {
        let manager = FileManager.default
        let retired = staging + ".old"
        try? manager.removeItem(atPath: retired)
        let hadPrevious = manager.fileExists(atPath: target)
        if hadPrevious {
            try manager.moveItem(atPath: target, toPath: retired)
        }
        do {
            try manager.moveItem(atPath: staging, toPath: target)
        } catch {
            if hadPrevious { try? manager.moveItem(atPath: retired, toPath: target) }  // put the previous output back
            throw error
        }
        try? manager.removeItem(atPath: retired)
    }

    /// Removes the staging folder after a failure.
    func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Runs `body` against the staging folder, then commits; abandons on error.
    static func replace(_ target: String, runID: String, _ body: (String) throws -> Void) throws {
        let swap = try DirectorySwap(target: target, runID: runID)
        do {
            try body(swap.staging)
            try swap.commit()
        } catch {
            swap.abandon()
            throw error
        }
    }
}
