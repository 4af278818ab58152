import Foundation
import Testing
@testable import RetailData

@Suite("CSV stream reader")
struct CSVStreamReaderTests {
    static let header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"

    /// A file exercising quotes, an embedded line break, a bad field count and CRLF.
    static func fixture(newline: String) -> String {
        [
            header,
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom",
            "536365,71053,\"WHITE\(newline)METAL LANTERN\",6,12/1/2010 8:26,3.39,17850,United Kingdom",
            "536366,22633,\"SIGN \"\"HOME\"\", SWEET\",6,12/1/2010 8:28,1.85,17850,United Kingdom",
            "536367,84879,TOO FEW,32,12/1/2010 8:34",
            "536368,22960,LAST ONE,6,12/1/2010 8:34,4.25,13047,United Kingdom",
        ].joined(separator: newline) + newline
    }

    @Test("records, line numbers and a shifted line after an embedded line break", arguments: ["\n", "\r\n"])
    func lineNumbersShiftAfterEmbeddedNewline(newline: String) throws {
        let outcome = try readAll(CSVStreamReaderTests.fixture(newline: newline))
        // Line 3 holds a quoted line break, so the next records start on lines 5, 6 and 7.
        #expect(outcome.records.map(\.line) == [2, 3, 5, 7])
        #expect(outcome.records[1].fields[2] == "WHITE\(newline)METAL LANTERN")
        #expect(outcome.records[2].fields[2] == "SIGN \"HOME\", SWEET")
        #expect(outcome.records[0].fields[7] == "United Kingdom")   // no CR left over
        #expect(outcome.records[3].fields[7] == "United Kingdom")
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues.first?.line == 6)
        #expect(outcome.issues.first?.reason == .fieldCount)
        #expect(outcome.issues.first.map { String(decoding: $0.raw, as: UTF8.self) } == "536367,84879,TOO FEW,32,12/1/2010 8:34")
        #expect(outcome.recordsRead == 5)
    }

    @Test("results do not depend on the chunk size", arguments: [64, 65, 97, 1_000, 1 << 20])
    func chunkSizeIndependence(chunkSize: Int) throws {
        var text = CSVStreamReaderTests.header + "\r\n"
        for index in 0..<200 {
            text += "\(536_000 + index),C\(index),\"LINE A\r\nLINE \"\"B\"\", \(index)\",\(index),1/2/2011 9:0\(index % 10),1.5,\(12_000 + index),France\r\n"
        }
        let outcome = try readAll(text, options: CSVReaderOptions(chunkSize: chunkSize, maxRecordBytes: 256))
        #expect(outcome.issues.isEmpty)
        #expect(outcome.records.count == 200)
        for (index, record) in outcome.records.enumerated() {
            #expect(record.line == 2 + 2 * index)
            #expect(record.fields[2] == "LINE A\r\nLINE \"B\", \(index)")
            #expect(record.fields[7] == "France")
        }
    }

    @Test("a UTF-8 byte-order mark is skipped and means UTF-8")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(retailCSV(["1,A,CAFÉ,1,12/1/2010 8:26,1,1,France"]).utf8)
        let outcome = try readAll(bytes)
        #expect(outcome.hasByteOrderMark)
        #expect(outcome.header.first == "InvoiceNo")
        #expect(outcome.encoding == .utf8)
        #expect(outcome.records.first?.fields[2] == "CAFÉ")
    }

    @Test("LF and CRLF files give the same fields")
    func lineEndings() throws {
        let rows = ["536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
                    "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,,EIRE"]
        let lf = try readAll(retailCSV(rows, newline: "\n"))
        let crlf = try readAll(retailCSV(rows, newline: "\r\n"))
        #expect(lf.records.map(\.fields) == crlf.records.map(\.fields))
        #expect(crlf.records.map(\.line) == [2, 3])
        #expect(crlf.records[1].fields[6] == "")
        #expect(crlf.records[1].fields[7] == "EIRE")
    }

    @Test("a last line without a line break is read")
    func missingFinalNewline() throws {
        let text = CSVStreamReaderTests.header + "\n1,A,B,1,12/1/2010 8:26,1,1,France"
        let outcome = try readAll(text)
        #expect(outcome.records.count == 1)
        #expect(outcome.records.first?.fields[7] == "France")
    }

    @Test("auto: Latin-1 bytes become Latin-1 text")
    func autoDetectsLatin1() throws {
        let bytes = latin1(retailCSV(["1,A,£5 NOTE,1,12/1/2010 8:26,1,1,France", "2,B,CAFÉ MUG,1,12/1/2010 8:26,1,1,France"]))
        #expect(bytes.contains(0xA3))
        let outcome = try readAll(bytes)
        #expect(outcome.encoding == .latin1)
        #expect(outcome.records.map { $0.fields[2] } == ["£5 NOTE", "CAFÉ MUG"])
    }

    @Test("auto: valid UTF-8 stays UTF-8")
    func autoKeepsUTF8() throws {
        let outcome = try readAll(retailCSV(["1,A,£5 NOTE,1,12/1/2010 8:26,1,1,France"]))
        #expect(outcome.encoding == .utf8)
        #expect(outcome.records.first?.fields[2] == "£5 NOTE")
    }

    @Test("auto: one invalid byte anywhere makes the whole file Latin-1")
    func autoLateInvalidByte() throws {
        let bytes = Array(retailCSV(["1,A,CAFÉ,1,12/1/2010 8:26,1,1,France"]).utf8)
            + latin1("2,B,£5,1,12/1/2010 8:26,1,1,France\n")
        let outcome = try readAll(bytes)
        #expect(outcome.encoding == .latin1)
        #expect(outcome.records.map { $0.fields[2] } == ["CAFÃ\u{89}", "£5"])
    }

    @Test("auto with a byte-order mark quarantines invalid UTF-8 instead of switching to Latin-1")
    func byteOrderMarkIsStrict() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(retailCSV(["1,A,CAFÉ,1,12/1/2010 8:26,1,1,France"]).utf8)
            + latin1("2,B,£5,1,12/1/2010 8:26,1,1,France\n")
        let outcome = try readAll(bytes)
        #expect(outcome.encoding == .utf8)
        #expect(outcome.records.map { $0.fields[2] } == ["CAFÉ"])
        #expect(outcome.issues.map(\.reason) == [.invalidEncoding])
        #expect(outcome.issues.map(\.line) == [3])
    }

    @Test("declared Latin-1 reads UTF-8 bytes one by one")
    func declaredLatin1() throws {
        let outcome = try readAll(retailCSV(["1,A,£5,1,12/1/2010 8:26,1,1,France"]), options: CSVReaderOptions(encoding: .latin1))
        #expect(outcome.encoding == .latin1)
        #expect(outcome.records.first?.fields[2] == "Â£5")
    }

    @Test("declared UTF-8 quarantines records with invalid bytes")
    func declaredUTF8Quarantines() throws {
        let bytes = Array(retailCSV(["1,A,CAFÉ,1,12/1/2010 8:26,1,1,France"]).utf8)
            + latin1("2,B,£5,1,12/1/2010 8:26,1,1,France\n3,C,OK,1,12/1/2010 8:26,1,1,France\n")
        let outcome = try readAll(bytes, options: CSVReaderOptions(encoding: .utf8))
        #expect(outcome.encoding == .utf8)
        #expect(outcome.records.map(\.line) == [2, 4])
        #expect(outcome.records.first?.fields[2] == "CAFÉ")
        #expect(outcome.issues.map(\.line) == [3])
        #expect(outcome.issues.map(\.reason) == [.invalidEncoding])
        #expect(outcome.issues.first?.raw == latin1("2,B,£5,1,12/1/2010 8:26,1,1,France"))
    }

    @Test("header names match in any case, order and padding; extra columns are ignored")
    func headerMatching() throws {
        let header = " quantity ,COUNTRY,invoiceno,Notes,stockcode,DESCRIPTION,Invoice_Date,unitprice,customerid"
        let outcome = try readAll(retailCSV(["6,France,536365,ignored,85123A,HEART,12/1/2010 8:26,2.55,17850"], header: header))
        #expect(outcome.records.first?.fields == ["536365", "85123A", "HEART", "6", "12/1/2010 8:26", "2.55", "17850", "France"])
    }

    @Test("an exact column name wins over an alias, and the first of two equal names wins")
    func namePrecedence() throws {
        let header = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,CustomerID,Country,InvoiceNo,Country"
        let outcome = try readAll(retailCSV(["ALIAS,A,B,1,12/1/2010 8:26,1,1,France,NAME,Spain"], header: header))
        #expect(outcome.records.first?.fields[0] == "NAME")
        #expect(outcome.records.first?.fields[7] == "France")
    }

    @Test("Online Retail II column names are accepted")
    func retailTwoHeader() throws {
        let header = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"
        let outcome = try readAll(retailCSV(["489434,85048,LED BOX,12,12/1/2009 7:45,6.95,13085,United Kingdom"], header: header))
        #expect(outcome.records.first?.fields[5] == "6.95")
        #expect(outcome.records.first?.fields[6] == "13085")
    }

    @Test("a missing column is an error naming it and showing the header")
    func missingColumns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write("input.csv", "InvoiceNo,StockCode,Description,Quantity,Price_X,CustomerID,Country\n1,2,3,4,5,6,7\n")
        do {
            _ = try CSVStreamReader(path: url.path, columns: RetailColumns.all)
            Issue.record("expected an error")
        } catch let error as CSVReaderError {
            guard case .missingColumns(let missing, let header, let path, let line) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(missing == ["InvoiceDate", "UnitPrice"])
            #expect(header == "InvoiceNo,StockCode,Description,Quantity,Price_X,CustomerID,Country")
            #expect(path == url.path)
            #expect(line == 1)
            let message = error.localizedDescription
            #expect(message.contains("missing required columns InvoiceDate, UnitPrice"))
            #expect(message.contains(url.path))
            #expect(message.contains("\"InvoiceNo,StockCode,Description,Quantity,Price_X,CustomerID,Country\""))
        }
    }

    @Test("an empty file is an error")
    func emptyFile() throws {
        #expect(throws: CSVReaderError.self) { try readAll("") }
        #expect(throws: CSVReaderError.self) { try readAll("\n\n") }
    }

    @Test("a header-only file has no records")
    func headerOnly() throws {
        let outcome = try readAll(CSVStreamReaderTests.header + "\r\n")
        #expect(outcome.records.isEmpty)
        #expect(outcome.issues.isEmpty)
        #expect(outcome.recordsRead == 0)
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        do {
            _ = try CSVStreamReader(path: "/nonexistent/retail.csv", columns: RetailColumns.all)
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.hasPrefix("cannot open file /nonexistent/retail.csv"))
        }
    }

    @Test("an unterminated quote at the end of the file is quarantined", arguments: [64, 1 << 20])
    func unterminatedQuote(chunkSize: Int) throws {
        let text = retailCSV(["1,A,B,1,12/1/2010 8:26,1,1,France", "2,B,\"OPEN,1,12/1/2010 8:26,1,1,France", "3,C,D,1,12/1/2010 8:26,1,1,France"])
        let outcome = try readAll(text, options: CSVReaderOptions(chunkSize: chunkSize))
        #expect(outcome.records.map(\.line) == [2])
        #expect(outcome.issues.map(\.line) == [3])
        #expect(outcome.issues.map(\.reason) == [.unterminatedQuote])
        #expect(String(decoding: outcome.issues[0].raw, as: UTF8.self)
                == "2,B,\"OPEN,1,12/1/2010 8:26,1,1,France\n3,C,D,1,12/1/2010 8:26,1,1,France")
        #expect(outcome.recordsRead == 2)
    }

    @Test("too many and too few fields are quarantined as field_count")
    func fieldCount() throws {
        let text = retailCSV(["1,A,B,1,12/1/2010 8:26,1,1,France,EXTRA", "2,A,B", "3,A,B,1,12/1/2010 8:26,1,1,France"])
        let outcome = try readAll(text)
        #expect(outcome.issues.map(\.line) == [2, 3])
        #expect(outcome.issues.allSatisfy { $0.reason == .fieldCount })
        #expect(outcome.records.map(\.line) == [4])
    }

    @Test("blank lines are skipped and counted, line numbers stay physical")
    func blankLines() throws {
        let text = CSVStreamReaderTests.header + "\r\n\r\n1,A,B,1,12/1/2010 8:26,1,1,France\r\n\r\n\r\n2,A,B,1,12/1/2010 8:26,1,1,France\r\n"
        let outcome = try readAll(text)
        #expect(outcome.records.map(\.line) == [3, 6])
        #expect(outcome.blankLines == 3)
        #expect(outcome.recordsRead == 2)
    }

    @Test("a record longer than the limit is quarantined without being buffered", arguments: [64, 300, 1 << 20])
    func recordTooLong(chunkSize: Int) throws {
        let long = String(repeating: "X", count: 5_000)
        let text = retailCSV(["1,A,B,1,12/1/2010 8:26,1,1,France",
                              "2,A,\"\(long)\nMORE \(long)\",1,12/1/2010 8:26,1,1,France",
                              "3,A,B,1,12/1/2010 8:26,1,1,France"])
        let options = CSVReaderOptions(chunkSize: chunkSize, maxRecordBytes: 1_000, quarantineRawLimit: 100)
        let outcome = try readAll(text, options: options)
        #expect(outcome.records.map(\.line) == [2, 5])
        #expect(outcome.issues.map(\.line) == [3])
        #expect(outcome.issues.map(\.reason) == [.recordTooLong])
        #expect(outcome.issues.first?.raw.count == 100)
        #expect(outcome.issues.first?.raw.starts(with: Array("2,A,\"XXX".utf8)) == true)
    }

    @Test("unquoted quotes and text after a closing quote are kept as data")
    func lenientQuotes() throws {
        let outcome = try readAll(retailCSV(["1,A,5\" RULER,1,12/1/2010 8:26,1,1,France", "2,A,\"QUOTED\" TAIL,1,12/1/2010 8:26,1,1,France"]))
        #expect(outcome.issues.isEmpty)
        #expect(outcome.records.map { $0.fields[2] } == ["5\" RULER", "QUOTED TAIL"])
    }
}
