/// The `README.md` written beside the Power BI CSV files.
enum PowerBIReadme {
    static let text = """
    # Sales star schema for Power BI

    Five CSV files: UTF-8 with BOM, CRLF line ends, comma separated, header row, `.` as the
    decimal mark, dates `yyyy-MM-dd`, timestamps `yyyy-MM-dd HH:mm:ss`.

    | file | one row per | key |
    | --- | --- | --- |
    | `fact_sales.csv` | sales line | (none) |
    | `dim_date.csv` | day, whole months | `date_key` (yyyymmdd) |
    | `dim_product.csv` | stock code | `product_key` |
    | `dim_customer.csv` | customer, plus `Unknown` (key 0) | `customer_key` |
    | `dim_country.csv` | country | `country_key` |

    ## Load

    1. Power BI Desktop: **Get Data → Text/CSV**, pick a file. Check *File origin* is
       `65001: Unicode (UTF-8)` and *Delimiter* is `Comma`, then **Transform Data**.
       Repeat for each of the five files: each becomes its own query and table.
    2. Set the column types (Power Query usually detects them):
       - Whole Number: every `*_key`, `quantity`, `year`, `quarter`, `month`, `day`, `weekday_number`
       - Fixed Decimal Number (exact to 4 decimals, so no rounding): `unit_price`, `revenue`,
     `min_unit_price`, `max_unit_price`
       - Date: `date`; Date/Time: `invoice_ts`; True/False: `is_weekend`, `is_known`
       - Text: everything else (`invoice_no`, `stock_code` and `customer_id` are text, not numbers)

       If your Windows locale does not use `.` as the decimal mark, use
       **Change Type → Using Locale… → English (United States)** for the decimal and date columns.
    3. **Close & Apply**.

    ## Relate

    In Model view, link each dimension to `fact_sales`: many-to-one (`*:1`), cross-filter
    direction *Single* (dimension filters fact), relationship active.

    | from (many) | to (one) |
    | --- | --- |
    | `fact_sales[date_key]` | `dim_date[date_key]` |
    | `fact_sales[product_key]` | `dim_product[product_key]` |
    | `fact_sales[customer_key]` | `dim_customer[customer_key]` |
    | `fact_sales[country_key]` | `dim_country[country_key]` |

    Every key in `fact_sales` exists in its dimension. Then **Mark as date table** on `dim_date`
    (date column `date`), sort `month_name` by `month` and `weekday` by `weekday_number`, and
    hide the key columns of the fact table. Example measures:
    `Revenue = SUM(fact_sales[revenue])`, `Orders = DISTINCTCOUNT(fact_sales[invoice_no])`.

    """
}
