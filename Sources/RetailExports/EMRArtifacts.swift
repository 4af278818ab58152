/// The files that let analysts query the partitioned sales Parquet on EMR, Spark or Athena:
/// `create_tables.sql` and the Zeppelin note `zeppelin_note.zpln`.
public enum EMRArtifacts {
    /// The conventional folder name under a batch's output directory (the lead writes the
    /// Parquet folders to `emr/sales/year=YYYY/month=MM/` there).
    public static let directoryName = "emr"
    public static let sqlFileName = "create_tables.sql"
    public static let noteFileName = "zeppelin_note.zpln"

    /// Writes both files into `directory` (normally `<out>/emr`). The bytes depend only on `location`.
    public static func write(to directory: OutputDirectory, location: String = SparkSQL.defaultLocation) throws(ExportError) {
        try directory.write(text: SparkSQL.createTablesScript(location: location), to: sqlFileName)
        try directory.write(zeppelinNote(location: location), to: noteFileName)
    }

    /// The Zeppelin note JSON: create and load the table, then one paragraph per aggregate.
    public static func zeppelinNote(location: String = SparkSQL.defaultLocation) -> [UInt8] {
        let sql = "%spark.sql"
        let intro = """
            # Retail sales batch

            Run the paragraphs in order: create the `sales` table over the Parquet folders (set the \
            `LOCATION` to your bucket first), load its partitions, then query the four aggregates.
            """
        let parts: [(String, String, String)] = [
            ("About this note", "%md", intro),
            ("Create table sales", sql, SparkSQL.createSalesTable(location: location)),
            ("Load partitions", sql, SparkSQL.repairSalesTable),
            ("Monthly revenue", sql, SparkSQL.monthlyRevenue),
            ("Revenue by country", sql, SparkSQL.countryRevenue),
            ("Top 100 products", sql, SparkSQL.topProducts),
            ("Customer RFM segments", sql, SparkSQL.customerRFM),
        ]
        let paragraphs = parts.enumerated().map { index, part in
            ZeppelinNote.Paragraph(
                id: "paragraph_retail_\(index + 1)", title: part.0, interpreter: part.1, body: part.2)
        }
        return ZeppelinNote(id: "2RETAILBA", name: "Retail sales batch", paragraphs: paragraphs).encoded()
    }
}
