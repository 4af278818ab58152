import Testing
@testable import Warehouse

@Suite struct TableDDLTests {
    @Test func factSalesInPostgres() {
        let ddl = TableDDL(schema: "public", dialect: .postgres)
        #expect(ddl.createTable(RetailTables.factSales, primaryKey: true, foreignKeys: true) == """
        CREATE TABLE "public"."fact_sales" (
          "invoice_no" TEXT NOT NULL,
          "date_key" BIGINT NOT NULL,
          "product_key" BIGINT NOT NULL,
          "customer_key" BIGINT NOT NULL,
          "country_key" BIGINT NOT NULL,
          "quantity" BIGINT NOT NULL,
          "unit_price" NUMERIC(18,3) NOT NULL,
          "revenue" NUMERIC(18,3) NOT NULL,
          "invoice_ts" TIMESTAMP NOT NULL,
          FOREIGN KEY ("date_key") REFERENCES "public"."dim_date" ("date_key"),
          FOREIGN KEY ("product_key") REFERENCES "public"."dim_product" ("product_key"),
          FOREIGN KEY ("customer_key") REFERENCES "public"."dim_customer" ("customer_key"),
          FOREIGN KEY ("country_key") REFERENCES "public"."dim_country" ("country_key")
        )
        """)
    }

    @Test func dimensionKeysAndTotals() {
        let ddl = TableDDL(schema: "retail", dialect: .postgres)
        #expect(ddl.addPrimaryKey(RetailTables.dimDate) == #"ALTER TABLE "retail"."dim_date" ADD CONSTRAINT "dim_date_pkey" PRIMARY KEY ("date_key")"#)
        #expect(ddl.addPrimaryKey(RetailTables.factSales) == nil)
        #expect(ddl.addForeignKey(RetailTables.factSales, RetailTables.factSales.foreignKeys[0])
                == #"ALTER TABLE "retail"."fact_sales" ADD CONSTRAINT "fact_sales_date_key_fkey" FOREIGN KEY ("date_key") REFERENCES "retail"."dim_date" ("date_key")"#)
        #expect(ddl.totalsQuery(RetailTables.factSales, from: #""fact_sales__load""#)
                == #"SELECT count(*)::text, coalesce(sum("unit_price"), 0)::numeric(38,3)::text, coalesce(sum("revenue"), 0)::numeric(38,3)::text FROM "fact_sales__load""#)
    }

    @Test func redshiftTextIsWide() {
        #expect(ColumnType.text.sql(.redshift) == "VARCHAR(65535)")
        #expect(ColumnType.money.sql(.redshift) == "NUMERIC(18,3)")
    }

    @Test func everyRetailTableHasItsKeys() {
        #expect(RetailTables.all.count == 9)
        for table in RetailTables.all where table.name != "fact_sales" { #expect(!table.primaryKey.isEmpty, "\(table.name)") }
        #expect(Set(RetailTables.factSales.foreignKeys.map(\.table)) == ["dim_date", "dim_product", "dim_customer", "dim_country"])
    }

    @Test(arguments: ["fact_sales", "_x", "Col9"]) func validNames(name: String) throws {
        #expect(try SQLIdentifier(name, what: "table").quoted == "\"\(name)\"")
    }

    @Test(arguments: ["", "9a", "a b", "a\"b", "drop;table", String(repeating: "x", count: 58)]) func invalidNames(name: String) {
        #expect(throws: WarehouseError.self) { try SQLIdentifier(name, what: "table") }
    }
}
