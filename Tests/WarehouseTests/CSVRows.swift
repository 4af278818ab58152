import Foundation
@testable import Warehouse

/// The data rows of a CSV file as fields (null as nil), read through the loader's own encoder.
enum CSVRows {
    static func read(_ path: String) throws -> [[String?]] {
        let header = try CSVCopyEncoder.header(ofFile: path)
        var encoder = CSVCopyEncoder(columnCount: header.count)
        var output: [UInt8] = []
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.withUnsafeBytes { try encoder.encode($0, into: &output) }
        try encoder.finish(into: &output)
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { $0 == "\\N" ? nil : String($0) }
        }
    }
}
