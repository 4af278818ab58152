import Foundation
import Logging
import OrchestratorStore

/// Copies an attempt's log file into a log store while the attempt runs, so that other hosts
/// read it as it grows (`logs --follow`, the API), then finishes the log there.
///
/// The file stays where the attempt writes it (a shell task's output goes straight from the child
/// to the file, never through this process's memory); the shipper reads what was added every
/// `interval` and appends it in chunks of at most `chunkSize`, so a log costs a row per 200 ms
/// or 64 KiB, not one per line. A failed append is tried again at the next tick; the attempt
/// never fails because of its log.
struct LogShipper: Sendable {
    let store: any LogStore
    let log: AttemptLogID
    let path: String
    var interval: Duration = .milliseconds(200)
    static let chunkSize = 64 << 10
    static let logger = Logger(label: "orchestrator.logs")

    /// Runs `body` (the attempt) while copying its log; after it, copies the rest and finishes the
    /// log, before returning `body`'s result, so the log is complete in the store before the
    /// attempt's end is recorded.
    func around<Result: Sendable>(_ body: @Sendable () async -> Result) async -> Result {
        let (result, copied) = await withTaskGroup(of: Int.self) { group in
            group.addTask {
                var copied = 0
                while (try? await Task.sleep(for: interval)) != nil { copied = await ship(from: copied).copied }
                return copied
            }
            let result = await body()
            group.cancelAll()
            return (result, await group.next() ?? 0)
        }
        // An attempt that wrote nothing (no file, e.g. `noop`, or an empty one) costs no row: its
        // recorded end finishes its log for readers, as it does a log whose tail could not be copied.
        guard FileManager.default.fileExists(atPath: path) else { return result }
        let shipped = await ship(from: copied)
        guard shipped.complete, shipped.copied > 0 else { return result }
        do {
            try await store.finish(log)
        } catch {
            Self.logger.warning("cannot finish the attempt's log", metadata: ["log": "\(log)", "error": "\(error)"])
        }
        return result
    }

    /// Appends what the file holds past `offset`; returns the offset copied up to, and whether
    /// that is the file's end (false when an append failed).
    private func ship(from offset: Int) async -> (copied: Int, complete: Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (offset, true) }
        defer { try? handle.close() }
        var copied = offset
        do {
            try handle.seek(toOffset: UInt64(offset))
            while let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty {
                try await store.append([UInt8](data), to: log)
                copied += data.count
            }
        } catch {
            Self.logger.warning("cannot copy the attempt's log", metadata: ["log": "\(log)", "error": "\(error)"])
            return (copied, false)
        }
        return (copied, true)
    }

    /// Runs `body` with its log copied to `store` when there is one; with none (the state folder
    /// is the log store), just runs it.
    static func around<Result: Sendable>(_ store: (any LogStore)?, log: AttemptLogID, path: String,
                                         _ body: @Sendable () async -> Result) async -> Result {
        guard let store else { return await body() }
        return await LogShipper(store: store, log: log, path: path).around(body)
    }
}
