import ArgumentParser
import Foundation
import Streaming

extension Orchestrator {
    struct Produce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "produce",
            abstract: "Replay a CSV file into the API, a batch of records per POST.",
            discussion: """
                Reads an Online Retail CSV (any column order, UTF-8 or Latin-1) and POSTs its records as NDJSON to
                URL/api/v1/streams/STREAM/records over a keep-alive connection (http:// or https://). Shows progress on stderr and ends
                with the accepted and refused counts (by reason) and the throughput.
                Exit 0 when every batch was answered (refused records included); 1 when the server failed a batch,
                broke the connection or sent a malformed reply; 2 when the file, the URL or the token is unusable
                (a refused token stops it at the first batch).

                Example: orchestrator produce data/online_retail.csv --url http://127.0.0.1:8080 --token orc_... --rate 500
                """)

        @Argument(help: "The CSV file to replay.") var file: String
        @Option(help: "The server, e.g. http://127.0.0.1:8080.") var url: String
        @Option(help: "A bearer token with the records:write scope.") var token: String
        @Option(help: "The stream to append to.") var stream = "transactions"
        @Option(help: ArgumentHelp("Records per second at most (default: as fast as the server answers).", valueName: "n"))
        var rate: Double?
        @Option(help: "Records per POST.") var batch = 500
        @Option(help: "Stop after this many records.") var limit: Int?
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard batch > 0 else { throw ValidationError("--batch must be > 0") }
            if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be a number > 0, got \(rate)") }
            if let limit, limit < 0 { throw ValidationError("--limit must be >= 0, got \(limit)") }
            guard Endpoint(url) != nil else { throw ValidationError("--url '\(url)' is not an http://HOST:PORT or https://HOST:PORT address") }
            guard StreamError.isValidStreamName(stream) else { throw ValidationError("--stream: \(StreamError.badStreamName(stream))") }
        }

        func run() async throws {
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError("error: no file '\(file)'") }
            var replay = try await userInput { try ReplayFile.read(file) }
            if let limit, replay.lines.count > limit { replay.lines.removeLast(replay.lines.count - limit) }
            let client = IngestClient(endpoint: Endpoint(url)!)
            do {
                try await send(replay, through: client)
                await client.shutdown()
            } catch {
                await client.shutdown()
                throw error
            }
        }

        func send(_ replay: ReplayFile, through client: IngestClient) async throws {
            let path = "/api/v1/streams/\(stream)/records"
            let headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/x-ndjson")]
            var tally = ProduceTally(records: replay.lines.count, unreadable: replay.unreadable.count)
            let started = ContinuousClock.now
            var lastProgress = started
            for offset in stride(from: 0, to: replay.lines.count, by: batch) {
                let slice = replay.lines[offset..<min(offset + batch, replay.lines.count)]
                if let rate {
                    let due = started + .seconds(Double(offset) / rate)
                    if due > .now { try await Task.sleep(until: due) }
                }
                var body: [UInt8] = []
                for line in slice { body += line; body.append(0x0A) }
                let reply: IngestClient.Reply
                do {
                    reply = try await client.post(path: path, headers: headers, body: body)
                } catch where error.kind == .unreachable {
                    // An address that never answers is bad input (exit 2); a server failing mid-way is exit 1.
                    throw CLIError("error: \(error) (\(url)); \(tally.sent) records were sent before")
                } catch {
                    Console.error("error: \(error) (\(url)); \(tally.sent) records were sent before")
                    throw ExitCode(1)
                }
                switch reply.status {
                case 200, 422:
                    if !tally.count(reply.body, sent: slice.count) {
                        tally.failedBatches += 1
                        Console.error("batch at record \(offset + 1): malformed reply from the server: HTTP \(reply.status) "
                                      + "without a PostResult body: \(reply.text.prefix(300))")
                    }
                case 401, 403: throw CLIError("error: the server refused the token (\(reply.status)): \(reply.text)")
                case 413: throw CLIError("error: a batch of \(slice.count) records is too large for the server (413); use a smaller --batch")
                default:
                    tally.failedBatches += 1
                    tally.sent += slice.count
                    Console.error("batch at record \(offset + 1): HTTP \(reply.status): \(reply.text.prefix(300))")
                }
                if ContinuousClock.now - lastProgress >= .seconds(1) {
                    lastProgress = .now
                    Console.progress(tally.progressLine(elapsed: ContinuousClock.now - started))
                }
            }
            tally.seconds = Self.seconds(ContinuousClock.now - started)
            for entry in replay.unreadable.prefix(5) { Console.error("\(file):\(entry.line): not sent: \(entry.reason)") }
            if output.json {
                try Console.json(tally)
            } else {
                Console.out(tally.summary)
            }
            if tally.failedBatches > 0 { throw ExitCode(1) }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}
