extension ResultTable {
    /// Writes the table as `name.csv` into `directory`.
    public func writeCSV(to directory: OutputDirectory, format: CSVFormat) throws(ExportError) {
        try directory.write(csvBytes(format: format), to: name + ".csv")
    }
}
