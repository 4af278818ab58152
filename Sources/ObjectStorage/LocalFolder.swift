import Foundation

/// The files under a local source (a folder, or one file), with their digests.
public enum LocalFolder {
    /// Every regular file under `path` (following no symbolic links to folders), relative paths
    /// with `/`, hidden files and folders (`.name`) skipped; a file `path` gives itself, named by
    /// its last component. Digests are computed by `hashing` files at a time.
    public static func files(at path: String, hashing: Int = 2) async throws -> [LocalFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw S3Error.localFile(path: path, detail: "it does not exist")
        }
        let root = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        let relative = isDirectory.boolValue ? try regularFiles(under: path) : [(path as NSString).lastPathComponent]
        return try await withThrowingTaskGroup(of: LocalFile.self) { group in
            var files: [LocalFile] = []
            for (index, name) in relative.enumerated() {
                if index >= hashing, let file = try await group.next() { files.append(file) }
                group.addTask {
                    let digest = try Digests.file(root.isEmpty ? name : root + "/" + name)
                    return LocalFile(relativePath: name, size: digest.size, sha256: digest.sha256, md5: digest.md5)
                }
            }
            for try await file in group { files.append(file) }
            return files.sorted { $0.relativePath < $1.relativePath }
        }
    }

    static func regularFiles(under folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: folder), includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else {
            throw S3Error.localFile(path: folder, detail: "cannot list it")
        }
        // Names are taken as listed, never through a symlink's target: a link to a file beside it
        // keeps its own name (its own key), not its target's.
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        var names: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            names.append(String(full.dropFirst(base.count + 1)))
        }
        return names.sorted()
    }
}
