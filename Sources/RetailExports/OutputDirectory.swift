import Foundation

/// A directory that export writers put files into, created on first use.
///
/// Files are written in place (no temporary names): the caller owns atomic swapping of whole directories.
public struct OutputDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }
    public init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

    /// The child directory `name`, not created until something is written into it.
    public func subdirectory(_ name: String) throws(ExportError) -> OutputDirectory {
        try Self.check(name)
        return OutputDirectory(url.appendingPathComponent(name, isDirectory: true))
    }

    /// Writes `bytes` to the file `name` in this directory, replacing any file of that name.
    public func write(_ bytes: [UInt8], to name: String) throws(ExportError) {
        try Self.check(name)
        try create()
        let file = url.appendingPathComponent(name, isDirectory: false)
        do {
            try bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, raw.count > 0 else {
                    try Data().write(to: file)
                    return
                }
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
                try data.write(to: file)
            }
        } catch {
            throw .cannotWriteFile(path: file.path, reason: error.localizedDescription)
        }
    }

    /// Writes `text` as UTF-8 (no BOM) to the file `name`.
    public func write(text: String, to name: String) throws(ExportError) {
        try write(Array(text.utf8), to: name)
    }

    /// Creates this directory and its parents if missing.
    public func create() throws(ExportError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func check(_ name: String) throws(ExportError) {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else { throw .invalidFileName(name) }
    }
}
