import Foundation

/// The lake sink's staging files (`.part-<first>-<last>.<run>.tmp`) and their clean-up. A run
/// killed between writing and renaming leaves one behind; nothing else would ever remove it.
enum LakeStaging {
    /// A staging file untouched for this long has no live writer: a writer appends to it until it
    /// syncs and renames it, which takes well under a second.
    static let staleAfter: TimeInterval = 120

    /// Removes the other runs' staging files in `folder` that are stale: those of the same range as
    /// the batch being written (the batch is redone after its run was killed, and its range is fixed
    /// until it commits), and any not modified for `staleAfter`. Best effort: a file that cannot be
    /// removed stays for the next write; `keeping` (this run's own file) and other files are left alone.
    static func sweep(_ folder: String, keeping: String, range: String, now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let ownName = (keeping as NSString).lastPathComponent
        for name in names where name.hasPrefix(".part-") && name.hasSuffix(".tmp") && name != ownName {
            let path = folder + "/" + name
            let sameRange = name.hasPrefix(".part-\(range).")
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            let old = modified.map { now.timeIntervalSince($0) > staleAfter } ?? false
            if sameRange || old { unlink(path) }
        }
    }
}
