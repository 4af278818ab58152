import Foundation
import Testing
import TestServers

/// The retail batch workflow with its tasks spread over two worker processes (as on two hosts)
/// that share the output folder: the same files, byte for byte, as the same run in one process.
@Suite(.serialized) struct BatchOnWorkersTests {
    /// Every file under `root` except the run-scoped `.work` folder, with its bytes.
    static func files(_ root: String) throws -> [String: Data] {
        var found: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            guard !path.hasPrefix(".work") else { continue }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                found[path] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
            }
        }
        return found
    }

    @Test func theBatchOnTwoWorkersWritesWhatOneProcessWrites() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let cli = try CLI()
        #expect(try cli.run(["datagen", "online-retail", "--rows", "20000", "--seed", "11", "--out", "in.csv"]).status == 0)
        let workflow = BatchPipelineTests.workflow
        // One slot each: `partition` and `aggregate`, ready together, go to different workers.
        let workers = try ["a", "b"].map { try QueueWorkerTests.worker(cli, $0, queues: "default", url: url, slots: 1) }
        defer { for worker in workers { DaemonTests.stop(worker) } }
        #expect(await DaemonTests.eventually { try QueueWorkerTests.workerNames(cli, url: url) == ["a", "b"] })

        let spread = try cli.run(["run", workflow, "--database", url, "--state", "coordinator", "--json",
                                  "--param", "source=\(cli.folder)/in.csv", "--param", "out=\(cli.folder)/out-workers"])
        #expect(spread.status == 0, "\(spread.stderr)")
        let detail = (try JSONSerialization.jsonObject(with: Data(spread.stdout.utf8))) as? [String: Any] ?? [:]
        #expect(detail["status"] as? String == "succeeded")
        let hosts = Set(QueueWorkerTests.tasks(detail).values.compactMap { task in
            ((task["attempt_history"] as? [[String: Any]])?.first?["log_path"] as? String)?.split(separator: "/").first.map(String.init)
        })
        #expect(hosts == ["host-a", "host-b"], "tasks ran on \(hosts)")

        let local = try cli.run(["run", workflow, "--state", "local", "--param", "source=\(cli.folder)/in.csv",
                                 "--param", "out=\(cli.folder)/out-local"])
        #expect(local.status == 0, "\(local.stderr)")
        let expected = try Self.files(cli.folder + "/out-local")
        #expect(expected.count >= 5, "\(expected.keys.sorted())")
        let written = try Self.files(cli.folder + "/out-workers")
        #expect(written.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected { #expect(written[path] == data, "\(path) differs") }
        for worker in workers { #expect(await DaemonTests.terminate(worker) == 0) }
    }
}
