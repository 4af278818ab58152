/// Spark SQL (EMR) and Athena statements over the partitioned `sales` Parquet table.
///
/// Each statement stands alone (no trailing `;`), so it can be one Zeppelin paragraph; the SQL
/// file joins them with `;`.
public enum SparkSQL {
    /// The placeholder S3 location of the sales Parquet folders.
    public static let defaultLocation = "s3://YOUR-BUCKET/emr/sales/"

    /// `CREATE EXTERNAL TABLE sales`, partitioned like the Hive folders `year=YYYY/month=MM`.
    public static func createSalesTable(location: String) -> String {
        """
        CREATE EXTERNAL TABLE IF NOT EXISTS sales (
          invoice_no  STRING,
          stock_code  STRING,
          description STRING,
          quantity    BIGINT,
          invoice_ts  TIMESTAMP,
          unit_price  DECIMAL(18,3),
          customer_id STRING,
          country     STRING,
          revenue     DECIMAL(18,3)
        )
        PARTITIONED BY (year INT, month STRING)
        STORED AS PARQUET
        LOCATION '\(location.replacingOccurrences(of: "'", with: "''"))'
        """
    }

    /// Registers the partition folders that exist under the table location.
    public static let repairSalesTable = "MSCK REPAIR TABLE sales"

    /// The `monthly_revenue` aggregate.
    public static let monthlyRevenue = """
        SELECT date_format(invoice_ts, 'yyyy-MM') AS month,
               count(DISTINCT invoice_no) AS orders,
               count(DISTINCT CASE WHEN customer_id <> 'Unknown' THEN customer_id END) AS customers,
               sum(quantity) AS units,
               sum(revenue) AS revenue
        FROM sales
        GROUP BY date_format(invoice_ts, 'yyyy-MM')
        ORDER BY month
        """

    /// The `country_revenue` aggregate.
    public static let countryRevenue = """
        SELECT country,
               count(DISTINCT invoice_no) AS orders,
               count(DISTINCT CASE WHEN customer_id <> 'Unknown' THEN customer_id END) AS customers,
               sum(quantity) AS units,
               sum(revenue) AS revenue
        FROM sales
        GROUP BY country
        ORDER BY revenue DESC, country
        """

    /// The `top_products` aggregate (description: most frequent, ties to the smallest).
    public static let topProducts = """
        WITH totals AS (
          SELECT stock_code, sum(quantity) AS units, sum(revenue) AS revenue,
                 count(DISTINCT invoice_no) AS orders
          FROM sales GROUP BY stock_code
        ), described AS (
          SELECT stock_code, description,
                 row_number() OVER (PARTITION BY stock_code ORDER BY count(*) DESC, description) AS pick
          FROM sales WHERE description IS NOT NULL
          GROUP BY stock_code, description
        )
        SELECT t.stock_code, d.description, t.units, t.revenue, t.orders
        FROM totals t LEFT JOIN described d ON d.stock_code = t.stock_code AND d.pick = 1
        ORDER BY t.revenue DESC, t.stock_code
        LIMIT 100
        """

    /// The `customer_rfm` aggregate with quintile scores and segments.
    public static let customerRFM = """
        WITH reference AS (
          SELECT date_add(max(to_date(invoice_ts)), 1) AS day FROM sales
        ), customers AS (
          SELECT customer_id,
                 datediff((SELECT day FROM reference), max(to_date(invoice_ts))) AS recency_days,
                 count(DISTINCT invoice_no) AS frequency,
                 sum(revenue) AS monetary
          FROM sales WHERE customer_id <> 'Unknown'
          GROUP BY customer_id
        ), scored AS (
          SELECT *,
                 ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_score,
                 ntile(5) OVER (ORDER BY frequency, customer_id) AS f_score,
                 ntile(5) OVER (ORDER BY monetary, customer_id) AS m_score
          FROM customers
        )
        SELECT *,
               CASE
                 WHEN r_score <= 2 AND f_score <= 2 THEN 'hibernating'
                 WHEN r_score <= 2 AND f_score <= 4 THEN 'at_risk'
                 WHEN r_score <= 2 THEN 'cant_loose'
                 WHEN r_score = 3 AND f_score <= 2 THEN 'about_to_sleep'
                 WHEN r_score = 3 AND f_score = 3 THEN 'need_attention'
                 WHEN r_score <= 4 AND f_score >= 4 THEN 'loyal_customers'
                 WHEN r_score = 4 AND f_score = 1 THEN 'promising'
                 WHEN r_score = 5 AND f_score = 1 THEN 'new_customers'
                 WHEN f_score <= 3 THEN 'potential_loyalists'
                 ELSE 'champions'
               END AS segment
        FROM scored
        ORDER BY customer_id
        """

    /// The DDL script: create the table, then load its partitions.
    public static func createTablesScript(location: String) -> String {
        """
        -- Sales lines of the retail batch: Parquet files in Hive-style folders year=YYYY/month=MM.
        -- Runs in Spark SQL on EMR and in Athena. Replace the LOCATION with your bucket.

        \(createSalesTable(location: location));

        \(repairSalesTable);

        """
    }
}
