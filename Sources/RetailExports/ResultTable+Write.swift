extension ResultTable {
    /// Writes the table as `name.csv` into `directory`, streaming it in chunks.
    public func writeCSV(to directory: OutputDirectory, format: CSVFormat) throws(ExportError) {
        try directory.withFile(named: name + ".csv") { (sink) throws(ExportError) in
            try encodeCSV(format: format) { (chunk) throws(ExportError) in try sink.write(chunk) }
        }
    }
}
