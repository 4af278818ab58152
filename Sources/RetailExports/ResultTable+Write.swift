extension ResultTable {
    /// Writes the table as `name.csv` into `directory`, streaming it in chunks; a large table is
    /// encoded on two threads (`CSVBlockPipeline`), to the same bytes.
    public func writeCSV(to directory: OutputDirectory, format: CSVFormat) throws(ExportError) {
        try directory.withFile(named: name + ".csv") { (sink) throws(ExportError) in
            if CSVBlockPipeline.pays(rowCount: rowCount) {
                try CSVBlockPipeline.encode(self, format: format) { (chunk) throws(ExportError) in try sink.write(chunk) }
            } else {
                try encodeCSV(format: format) { (chunk) throws(ExportError) in try sink.write(chunk) }
            }
        }
    }
}
