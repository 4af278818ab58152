import Testing
@testable import Warehouse

@Suite struct CSVCopyEncoderTests {
    /// Encodes `csv` in chunks of `chunk` bytes; returns the COPY text, header, rows and sums.
    func encode(_ csv: String, columns: Int, money: [Int] = [], chunk: Int = 1 << 20) throws -> (text: String, header: [String], encoder: CSVCopyEncoder) {
        var encoder = CSVCopyEncoder(columnCount: columns, moneyColumns: money)
        var output: [UInt8] = []
        let bytes = Array(csv.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try encoder.encode($0, into: &output) }
            start = end
        }
        try encoder.finish(into: &output)
        return (String(decoding: output, as: UTF8.self), encoder.header, encoder)
    }

    @Test func quotingNullsAndEscapes() throws {
        let csv = "\u{FEFF}a,b,c\r\n1,,\"\"\r\n\"x,y\",\"say \"\"hi\"\"\",back\\slash\r\n\"two\nlines\",\ttab,end\r\n"
        let result = try encode(csv, columns: 3)
        #expect(result.header == ["a", "b", "c"])
        #expect(result.text == "1\t\\N\t\nx,y\tsay \"hi\"\tback\\\\slash\ntwo\\nlines\t\\ttab\tend\n")
        #expect(result.encoder.rows == 3)
    }

    @Test(arguments: [1, 2, 3, 7])
    func chunkBoundariesDoNotMatter(chunk: Int) throws {
        let csv = "\u{FEFF}k,revenue\r\n1,\"2.500\"\r\n\"a\"\"b\",-1.250\r\n\"multi\r\nline\",3\r\nlast,0.001"
        let whole = try encode(csv, columns: 2, money: [1])
        let pieces = try encode(csv, columns: 2, money: [1], chunk: chunk)
        #expect(pieces.text == whole.text)
        #expect(pieces.header == ["k", "revenue"])
        #expect(pieces.encoder.rows == 4)
        #expect(pieces.encoder.moneySums([1]) == [4_251])
    }

    /// Regression: sums of hostile money values overflowed Int128 and trapped the whole process.
    @Test func aSumBeyond128BitsIsAnErrorNotATrap() throws {
        let huge = String(repeating: "9", count: 30)  // 30 digits, no decimals: about 10^33 thousandths each
        let csv = "k,revenue\n" + String(repeating: "x,\(huge)\n", count: 200_000)
        do {
            _ = try encode(csv, columns: 2, money: [1])
            Issue.record("200,000 values of 10^30 summed without an error")
        } catch {
            #expect("\(error)".contains("128-bit"), "\(error)")
        }
    }

    @Test func rowsRememberTheirFileLines() throws {
        let result = try encode("a,b\n1,2\n\"x\ny\nz\",3\n4,5\n", columns: 2)
        #expect((1...3).map { result.encoder.rowLines.line(ofRow: $0) } == [2, 3, 6])
    }

    @Test func sumsMoneyExactly() throws {
        let rows = (0..<1000).map { "\($0),0.001" }.joined(separator: "\n")
        let result = try encode("k,m\n" + rows + "\n", columns: 2, money: [1])
        #expect(result.encoder.moneySums([1]) == [1_000])
    }

    @Test(arguments: [
        ("a,b\n1,2\n3\n", 3, "1 fields"),
        ("a,b\n1,2\n3,4,5\n", 3, "more than 2 fields"),
        ("a,b\n1,\"2\n", 2, "not closed"),
        ("a,b\n1,\"2\"x\n", 2, "after a closing quote"),
        ("a,b\n1,2\"\n", 2, "quote inside"),
        ("a,m\n1,2.5\n2,abc\n", 3, "not a decimal"),
    ])
    func malformedRowsNameTheirLine(csv: String, line: Int, reason: String) {
        do {
            _ = try encode(csv, columns: 2, money: csv.hasPrefix("a,m") ? [1] : [])
            Issue.record("accepted \(csv)")
        } catch let failure as CSVCopyEncoder.Failure {
            #expect(failure.line == line)
            #expect(failure.reason.contains(reason), "\(failure.reason)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func emptyFileHasNoHeader() {
        #expect(throws: CSVCopyEncoder.Failure.self) { try encode("", columns: 1) }
    }
}
