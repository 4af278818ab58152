import Foundation

/// Finds the tables of a load in a folder: `NAME.csv`, `NAME.parquet` or a `NAME/` folder of
/// Parquet files. A known name gets its `RetailTables` definition; any other CSV gets all-`TEXT`
/// columns named by its header.
public enum SourceFolder {
    /// The tables in `path` (a folder, or one file), all of them or those `named`, in load order:
    /// the retail tables (dimensions before the fact), then the rest by name.
    ///
    /// - Parameter preferring: the format chosen when a table has both a CSV and a Parquet file.
    public static func tables(at path: String, named names: [String]?, preferring: TableFile.Format) throws(WarehouseError) -> [TableFile] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .sourceMissing(path) }
        var candidates: [String: [TableFile.Format: String]] = [:]
        if isFolder.boolValue {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for entry in entries where !entry.hasPrefix(".") && !entry.hasPrefix("_") {
                let full = path + "/" + entry
                var entryIsFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: full, isDirectory: &entryIsFolder)
                if entryIsFolder.boolValue {
                    guard holdsParquet(full) else { continue }
                    candidates[entry, default: [:]][.parquetDataset] = full
                } else if let (name, format) = split(entry) {
                    candidates[name, default: [:]][format] = full
                }
            }
        } else if let (name, format) = split((path as NSString).lastPathComponent) {
            candidates[name] = [format: path]
        }
        let chosen = names ?? candidates.keys.filter { candidates[$0]?[.csv] != nil || candidates[$0]?[.parquet] != nil || candidates[$0]?[.parquetDataset] != nil }
        guard !chosen.isEmpty else { throw .noTables(path) }
        var files: [TableFile] = []
        for name in Set(chosen) {
            guard let formats = candidates[name], !formats.isEmpty else { throw .tableMissing(name, source: path) }
            let order: [TableFile.Format] = preferring == .csv ? [.csv, .parquet, .parquetDataset] : [.parquet, .parquetDataset, .csv]
            let format = order.first { formats[$0] != nil }!
            let file = formats[format]!
            _ = try SQLIdentifier(name, what: "table name (from \((file as NSString).lastPathComponent))")
            files.append(TableFile(table: try schema(name, file: file, format: format), path: file, format: format))
        }
        return ordered(files)
    }

    /// Retail tables first, in `RetailTables.all` order, then the others by name.
    public static func ordered(_ files: [TableFile]) -> [TableFile] {
        func rank(_ file: TableFile) -> Int { RetailTables.all.firstIndex { $0.name == file.table.name } ?? RetailTables.all.count }
        return files.sorted { (rank($0), $0.table.name) < (rank($1), $1.table.name) }
    }

    /// The header of a CSV table, checked: a known table's header must name exactly its columns (any order).
    public static func header(of file: TableFile) throws(WarehouseError) -> [String] {
        let header: [String]
        do {
            header = try CSVCopyEncoder.header(ofFile: file.path)
        } catch let failure as CSVCopyEncoder.Failure {
            throw .badRow(table: file.table.name, file: file.path, line: failure.line, reason: failure.reason)
        } catch {
            throw .sourceMissing(file.path)
        }
        for name in header { _ = try SQLIdentifier(name, what: "column of \(file.path)") }
        let expected = file.table.columns.map(\.name)
        guard Set(header) == Set(expected), header.count == expected.count else {
            throw .header(table: file.table.name, file: file.path,
                          reason: "the header (\(header.joined(separator: ","))) must name the columns \(expected.joined(separator: ","))")
        }
        return header
    }

    private static func holdsParquet(_ folder: String) -> Bool {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let entry = enumerator?.nextObject() as? String { if entry.hasSuffix(".parquet") { return true } }
        return false
    }

    private static func split(_ entry: String) -> (String, TableFile.Format)? {
        for (suffix, format) in [(".csv", TableFile.Format.csv), (".parquet", .parquet)] where entry.hasSuffix(suffix) {
            return (String(entry.dropLast(suffix.count)), format)
        }
        return nil
    }

    private static func schema(_ name: String, file: String, format: TableFile.Format) throws(WarehouseError) -> TableSchema {
        if let known = RetailTables.named(name) { return known }
        guard format == .csv else {
            throw .unsupportedSource(table: name, file: file, reason: "only the retail tables have a known schema; other tables must be CSV (columns from the header, as TEXT)")
        }
        let header: [String]
        do {
            header = try CSVCopyEncoder.header(ofFile: file)
        } catch let failure as CSVCopyEncoder.Failure {
            throw .badRow(table: name, file: file, line: failure.line, reason: failure.reason)
        } catch {
            throw .sourceMissing(file)
        }
        return TableSchema.allText(name: name, header: header)
    }
}
