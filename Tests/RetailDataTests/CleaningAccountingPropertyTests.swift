import Foundation
import Testing
@testable import RetailData

/// Issue 9, "no input can crash it": a property test of the cleaning job's accounting. A small valid
/// Online Retail file is damaged by random mutations (fixed seed, so every run tries the same files)
/// and cleaned by the real job. Each file must either clean with every row accounted for exactly
/// once, or stop with one of the job's documented errors. A trap fails the whole test process.
@Suite("Cleaning accounting under random damage")
struct CleaningAccountingPropertyTests {
    static let mutatedFiles = 300
    static let seed: UInt64 = 0x9_2026

    /// Values that have broken parsers before, or sit on a limit.
    static let hostileValues = [
        "9223372036854776", "9223372036854775.999", "9223372036854775", "-9223372036854775808",
        "99999999999999999999999999999999", "999999999999999.999", "1000000000000000", "1000000001",
        "1e308", "NaN", "-0", "+.5", ".", "0000-01-01 00:00", "1/1/0000 0:00", "12/31/9999 23:59",
        "2/29/2011 8:26", "99/99/99999 99:99", "\"\"", "\"", "\u{0}",
    ]

    /// One damaged copy of `base`: one to four mutations.
    static func mutate(_ base: [UInt8], _ random: inout DeterministicRandom) -> [UInt8] {
        var bytes = base
        for _ in 0...random.below(4) {
            let at = random.below(bytes.count + 1)
            switch random.below(10) {
            case 0: // drop a quote
                if let quote = bytes.indices.filter({ bytes[$0] == 34 }).randomElement(using: &random) { bytes.remove(at: quote) }
                else { bytes.insert(34, at: at) }
            case 1: // double a quote, or add a stray one
                bytes.insert(34, at: at)
            case 2: // cut: remove a stretch, often across a line end
                let length = random.below(200)
                bytes.removeSubrange(at..<min(bytes.count, at + length))
            case 3: // truncate the file
                bytes.removeSubrange(at...)
            case 4: // random bytes
                for _ in 0..<(1 + random.below(8)) where !bytes.isEmpty {
                    bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                }
            case 5: // a huge or odd number in place of one field of one line
                bytes = replacingField(of: bytes, with: hostileValues[random.below(hostileValues.count)], &random)
            case 6: // invalid UTF-8, Latin-1 text, a BOM in the middle
                let inserts: [[UInt8]] = [[0xFF], [0xC3], [0xA3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xF4, 0x90, 0x80, 0x80]]
                bytes.insert(contentsOf: inserts[random.below(inserts.count)], at: at)
            case 7: // an extra field
                bytes.insert(44, at: at)
            case 8: // a missing field
                if let comma = bytes.indices.filter({ bytes[$0] == 44 }).randomElement(using: &random) { bytes.remove(at: comma) }
            default: // stray line ends
                bytes.insert(contentsOf: random.below(2) == 0 ? [13] : [13, 10, 10], at: at)
            }
        }
        return bytes
    }

    /// `bytes` with one comma-separated field of a random line replaced by `value`.
    static func replacingField(of bytes: [UInt8], with value: String, _ random: inout DeterministicRandom) -> [UInt8] {
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        guard lines.count > 2 else { return bytes }
        let index = 1 + random.below(lines.count - 2)
        var fields = lines[index].split(separator: 44, omittingEmptySubsequences: false).map(Array.init)
        fields[random.below(fields.count)] = Array(value.utf8)
        lines[index] = Array(fields.joined(separator: [44]))
        return Array(lines.joined(separator: [10]))
    }

    @Test("every damaged file cleans with rows_read = clean + dropped + quarantined, or fails with a clear error")
    func accounting() throws {
        let directory = try TemporaryDirectory("cleaning-property")
        defer { directory.remove() }
        let baseURL = directory.file("base.csv")
        try OnlineRetailGenerator(rows: 250, seed: 11).write(to: baseURL)
        let base = Array(try Data(contentsOf: baseURL))
        let clock = ContinuousClock()
        let started = clock.now

        var random = DeterministicRandom(seed: Self.seed)
        var outcomes = (cleaned: 0, failed: 0, quarantined: 0)
        for index in 0..<Self.mutatedFiles {
            let bytes = Self.mutate(base, &random)
            let url = try directory.write("mutated-\(index).csv", bytes: bytes)
            defer { try? FileManager.default.removeItem(at: url) }
            let encodings: [InputEncoding] = [.auto, .utf8, .latin1]
            let options = CSVReaderOptions(encoding: encodings[index % 3], chunkSize: 64 << (index % 5),
                                           maxRecordBytes: index % 4 == 0 ? 96 : 1 << 20)
            let result: CleaningResult
            do {
                result = try SalesCleaningJob(input: url, encoding: options.encoding, readerOptions: options).run()
            } catch let error as CSVReaderError {
                outcomes.failed += 1
                #expect(error.errorDescription?.contains(url.path) == true, "file \(index): \(error)")
                continue
            }
            outcomes.cleaned += 1
            let report = result.report
            #expect(report.rowsRead == report.rowsClean + report.dropped.total + report.rowsQuarantined, "file \(index)")
            #expect(report.quarantined.total == report.rowsQuarantined, "file \(index)")
            #expect(result.quarantine.count == report.rowsQuarantined, "file \(index)")
            #expect(result.table.count == report.rowsClean, "file \(index)")
            #expect(result.quarantine.map(\.line) == result.quarantine.map(\.line).sorted(), "file \(index)")
            #expect(result.quarantine.allSatisfy { $0.line > 1 }, "file \(index)")
            #expect(result.table.revenue.allSatisfy { Money(thousandths: $0).isInRange }, "file \(index)")
            #expect(result.table.invoiceTs.allSatisfy { SalesLimits.timestamps.contains($0) }, "file \(index)")
            outcomes.quarantined += report.rowsQuarantined
        }
        // The mutations must reach both outcomes and the quarantine, or the test proves little.
        #expect(outcomes.cleaned > Self.mutatedFiles / 2)
        #expect(outcomes.failed > 0)
        #expect(outcomes.quarantined > Self.mutatedFiles / 2)
        #expect(clock.now - started < .seconds(60))
    }
}

extension Array {
    /// A uniformly chosen element, drawn from the test's deterministic generator.
    func randomElement(using random: inout DeterministicRandom) -> Element? {
        isEmpty ? nil : self[random.below(count)]
    }
}
