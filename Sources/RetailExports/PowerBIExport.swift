/// Writes the Power BI star schema: five CSV files (`CSVFormat.powerBI`) and a `README.md`.
public enum PowerBIExport {
    /// The conventional folder name under a batch's output directory.
    public static let directoryName = "powerbi"
    public static let readmeName = "README.md"

    /// Writes `tables` as `<name>.csv` plus the README straight into `directory` (normally
    /// `<out>/powerbi`). Output bytes depend only on the tables.
    public static func write(_ tables: PowerBITables, to directory: OutputDirectory) throws(ExportError) {
        for table in tables.tables { try table.writeCSV(to: directory, format: .powerBI) }
        try directory.write(text: PowerBIReadme.text, to: readmeName)
    }
}
