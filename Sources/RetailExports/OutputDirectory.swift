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
        try withFile(named: name) { (sink) throws(ExportError) in
            try bytes.withUnsafeBufferPointer { (raw) throws(ExportError) in try sink.write(raw) }
        }
    }

    /// Creates (or truncates) the file `name` and lets `body` write it sequentially.
    func withFile(named name: String, _ body: (FileSink) throws(ExportError) -> Void) throws(ExportError) {
        try Self.check(name)
        try create()
        let sink = try FileSink(path: url.appendingPathComponent(name, isDirectory: false).path)
        try body(sink)
        try sink.close()
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
