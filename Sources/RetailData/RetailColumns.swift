/// The eight Online Retail columns, in the order `RawSalesRecord` uses.
///
/// Also accepted: the names of the "Online Retail II" export (`Invoice`, `Price`, `Customer ID`).
public enum RetailColumns {
    public static let all: [CSVColumn] = [
        CSVColumn("InvoiceNo", aliases: ["Invoice"]),
        CSVColumn("StockCode"),
        CSVColumn("Description"),
        CSVColumn("Quantity"),
        CSVColumn("InvoiceDate"),
        CSVColumn("UnitPrice", aliases: ["Price"]),
        CSVColumn("CustomerID"),
        CSVColumn("Country"),
    ]
}
