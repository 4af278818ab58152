import Foundation
import Testing
@testable import RetailData

/// Issue 14: the batch `clean` reads a large file as two halves on two threads. Whatever the split
/// point, the result (table and dictionary order, quarantine with line numbers, report) must be
/// exactly what one reader gives.
@Suite("Cleaning in two halves")
struct CleaningSplitTests {
    static func run(_ url: URL, _ split: CleaningSplit, rules: CleaningRules = CleaningRules(),
                    options: CSVReaderOptions = CSVReaderOptions()) throws -> CleaningResult {
        try SalesCleaningJob(input: url, rules: rules, encoding: options.encoding, readerOptions: options, split: split).run()
    }

    @Test("a generated file gives one reader's result at every split point")
    func generatedFile() throws {
        let directory = try TemporaryDirectory("cleaning-split")
        defer { directory.remove() }
        let generated = directory.file("generated.csv")
        _ = try OnlineRetailGenerator(rows: 4_000, seed: 5).write(to: generated)
        // Damage every 300th line so that both halves quarantine some.
        var lines = Array(try Data(contentsOf: generated)).split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        for index in stride(from: 150, to: lines.count - 1, by: 300) { lines[index] = lines[index].map { $0 == 44 ? 59 : $0 } }
        let bytes = Array(lines.joined(separator: [10]))
        let url = try directory.write("retail.csv", bytes: bytes)
        let size = bytes.count
        let whole = try Self.run(url, .none)
        // The generated data must exercise every part of the merge.
        #expect(whole.report.dropped[.duplicate] > 0)
        #expect(whole.report.rowsQuarantined > 0)
        var splits = 0
        for offset in stride(from: 0, to: size + 100, by: size / 50) {
            let halves = try Self.run(url, .at(offset))
            #expect(halves == whole, "split at \(offset)")
            splits += 1
        }
        #expect(splits > 50)
        // `.automatic` leaves a file under the minimum in one piece, and gives the same result.
        #expect(size < CleaningSplit.minimumBytes)
        #expect(try Self.run(url, .automatic) == whole)
    }

    @Test("a row repeated across the split is one duplicate; dictionaries keep first-appearance order")
    func duplicateAcrossTheSplit() throws {
        var rows: [String] = []
        for index in 0..<40 {
            rows.append("5000\(index % 7),A\(index % 5), item \(index % 3) ,\(1 + index % 4),12/1/2010 8:26,2.55,1785\(index % 6).0,United Kingdom")
        }
        let repeated = "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom"
        let text = retailCSV([repeated] + rows + [repeated, "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,,France", repeated])
        let directory = try TemporaryDirectory("cleaning-split")
        defer { directory.remove() }
        let url = try directory.write("dup.csv", text)
        let whole = try Self.run(url, .none)
        #expect(whole.report.dropped[.duplicate] >= 2)
        for offset in stride(from: 0, to: text.utf8.count, by: 13) {
            #expect(try Self.run(url, .at(offset)) == whole, "split at \(offset)")
        }
        var noDuplicates = CleaningRules()
        noDuplicates.dropDuplicates = false
        let kept = try Self.run(url, .none, rules: noDuplicates)
        #expect(kept.report.dropped[.duplicate] == 0)
        #expect(try Self.run(url, .at(text.utf8.count / 2), rules: noDuplicates) == kept)
    }

    @Test("a split guessed inside a quoted field falls back to one reader")
    func splitInsideQuotes() throws {
        let multiLine = "536365,22752,\"SET 7 BABUSHKA\n NESTING BOXES\n\n,\",2,12/1/2010 8:26,7.65,17850,United Kingdom"
        var rows = (0..<20).map { "53636\($0 % 9),2172\($0),BOX \($0),\($0 + 1),12/1/2010 8:26,1.25,1385\($0),Norway" }
        rows.insert(multiLine, at: 10)
        rows.insert("536999,bad,row,x,12/1/2010 8:26,1.25,1,Norway", at: 15)
        let text = retailCSV(rows)
        let directory = try TemporaryDirectory("cleaning-split")
        defer { directory.remove() }
        let url = try directory.write("quoted.csv", text)
        let whole = try Self.run(url, .none)
        #expect(whole.table.count == 21)
        #expect(whole.quarantine.map(\.line) == [20])
        for offset in 0..<text.utf8.count {
            #expect(try Self.run(url, .at(offset)) == whole, "split at \(offset)")
        }
    }

    @Test("invalid UTF-8 only in the second half makes the whole file Latin-1, as with one reader")
    func encodingFromTheSecondHalf() throws {
        var bytes = Array(retailCSV((0..<30).map { "53636\($0),2172\($0),CAFE,1,12/1/2010 8:26,1.25,13850,France" }).utf8)
        // Make the last row's description "CAFÉ" in Latin-1 (0xC9 is not valid UTF-8 on its own).
        let marker = Array("CAFE,1,12/1/2010 8:26,1.25,13850,France\n".utf8)
        let lastRow = bytes.count - marker.count
        bytes[lastRow + 3] = 0xC9
        let directory = try TemporaryDirectory("cleaning-split")
        defer { directory.remove() }
        let url = try directory.write("latin1.csv", bytes: bytes)
        let whole = try Self.run(url, .none)
        #expect(whole.report.input.encoding == .latin1)
        #expect(whole.table.description.dictionary.contains("CAFÉ"))
        for offset in stride(from: 0, to: bytes.count, by: 7) {
            #expect(try Self.run(url, .at(offset)) == whole, "split at \(offset)")
        }
        // With a byte-order mark the file is strict UTF-8: the row is quarantined, whichever half has it.
        let marked = try directory.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + bytes)
        let strict = try Self.run(marked, .none)
        #expect(strict.quarantine.map(\.reason) == [.invalidEncoding])
        for offset in stride(from: 0, to: bytes.count, by: 7) {
            #expect(try Self.run(marked, .at(offset)) == strict, "split at \(offset)")
        }
    }

    @Test("damaged files give one reader's result whatever the split point and chunk size")
    func damagedFiles() throws {
        let directory = try TemporaryDirectory("cleaning-split")
        defer { directory.remove() }
        let baseURL = directory.file("base.csv")
        _ = try OnlineRetailGenerator(rows: 250, seed: 11).write(to: baseURL)
        let base = Array(try Data(contentsOf: baseURL))
        var random = DeterministicRandom(seed: 0x5_1417)
        var compared = 0
        for index in 0..<120 {
            let bytes = CleaningAccountingPropertyTests.mutate(base, &random)
            let url = try directory.write("damaged-\(index).csv", bytes: bytes)
            defer { try? FileManager.default.removeItem(at: url) }
            let encodings: [InputEncoding] = [.auto, .utf8, .latin1]
            let options = CSVReaderOptions(encoding: encodings[index % 3], chunkSize: 64 << (index % 5),
                                           maxRecordBytes: index % 4 == 0 ? 96 : 1 << 20)
            let whole: CleaningResult
            do {
                whole = try Self.run(url, .none, options: options)
            } catch is CSVReaderError {
                continue
            }
            for _ in 0..<4 {
                let offset = random.below(bytes.count + 1)
                #expect(try Self.run(url, .at(offset), options: options) == whole, "file \(index), split at \(offset)")
                compared += 1
            }
        }
        #expect(compared > 200)
    }

    @Test("`.automatic` splits a large file a little before the middle, and only with two processors")
    func automaticSplitPoint() {
        let size = 64 << 20
        #expect(CleaningSplit.automatic.guess(fileSize: size, processors: 2) == 30 << 20)
        #expect(CleaningSplit.automatic.guess(fileSize: size, processors: 1) == nil)
        #expect(CleaningSplit.automatic.guess(fileSize: CleaningSplit.minimumBytes - 1, processors: 2) == nil)
        #expect(CleaningSplit.none.guess(fileSize: size, processors: 2) == nil)
    }

    @Test("the table is handed to `tableBuilt` before the run returns; its error ends the run", arguments: [CleaningSplit.none, .at(20_000)])
    func tableBuiltHook(split: CleaningSplit) throws {
        let directory = try TemporaryDirectory("cleaning-split")
        defer { directory.remove() }
        let url = directory.file("retail.csv")
        _ = try OnlineRetailGenerator(rows: 600, seed: 3).write(to: url)
        let job = SalesCleaningJob(input: url, split: split)
        var handed: [SalesTable] = []
        let result = try job.run { handed.append($0) }
        #expect(handed == [result.table])
        #expect(result.table.count > 0)

        struct Refused: Error {}
        #expect(throws: Refused.self) { try job.run { _ in throw Refused() } }
    }
}
