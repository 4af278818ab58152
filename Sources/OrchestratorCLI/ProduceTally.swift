import Foundation
import Streaming

/// What `produce` sent and what the server said about it.
struct ProduceTally: Encodable {
    var records: Int
    var unreadable: Int
    var sent = 0
    var accepted = 0
    var refused = 0
    var refusedByCode: [String: Int] = [:]
    var failedBatches = 0
    var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case records, unreadable, sent, accepted, refused, refusedByCode = "refused_by_code", failedBatches = "failed_batches", seconds
        case recordsPerSecond = "records_per_second"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(records, forKey: .records)
        try container.encode(unreadable, forKey: .unreadable)
        try container.encode(sent, forKey: .sent)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(refused, forKey: .refused)
        try container.encode(refusedByCode, forKey: .refusedByCode)
        try container.encode(failedBatches, forKey: .failedBatches)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(recordsPerSecond, forKey: .recordsPerSecond)
    }

    var recordsPerSecond: Double { seconds > 0 ? Double(sent) / seconds : 0 }

    /// Adds one POST's reply: the counts and each refused record's code. False (and only `sent`
    /// counted) when the body is not a `PostResult` with counts that fit the batch.
    mutating func count(_ body: [UInt8], sent batch: Int) -> Bool {
        sent += batch
        guard let reply = try? JSONParser.parse(body),
              case .number(let acceptedText)? = reply["accepted"], let acceptedCount = Int(acceptedText), (0...batch).contains(acceptedCount),
              case .number(let refusedText)? = reply["refused"], let refusedCount = Int(refusedText), (0...batch).contains(refusedCount)
        else { return false }
        accepted += acceptedCount
        refused += refusedCount
        if case .array(let results)? = reply["results"] {
            for result in results {
                if case .string(let code)? = result["error"]?["code"] { refusedByCode[code, default: 0] += 1 }
            }
        }
        return true
    }

    func progressLine(elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(sent) / seconds) : 0
        return "sent \(sent)/\(records) records (\(rate)/s): \(accepted) accepted, \(refused) refused"
    }

    var summary: String {
        var lines = ["sent \(sent) of \(records) records in \(String(format: "%.2f", seconds)) s (\(Int(recordsPerSecond)) records/s)",
                     "accepted \(accepted), refused \(refused)" + (failedBatches > 0 ? ", \(failedBatches) batches failed" : "")]
        for (code, count) in refusedByCode.sorted(by: { $0.value > $1.value }) { lines.append("  refused \(code): \(count)") }
        if unreadable > 0 { lines.append("not sent: \(unreadable) records the CSV reader could not split into fields") }
        return lines.joined(separator: "\n")
    }
}
