#!/usr/bin/env python3
"""Check one batch output directory against DuckDB, recomputing everything from the raw CSV.

Usage: verify_batch.py RAW.csv OUTDIR

Expected layout of OUTDIR:
  emr/sales/year=YYYY/month=MM/part-00000.parquet   cleaned sales rows, Hive partitions
  aggregates/<table>.csv and <table>.parquet         monthly_revenue, country_revenue,
                                                     top_products, customer_rfm
  powerbi/fact_sales.csv, dim_*.csv                  Power BI star schema

Cleaning rules recomputed here (from the raw Latin-1 CSV with a header row):
  * drop InvoiceNo starting with C (cancelled) or A (bad-debt adjustment);
  * drop Quantity <= 0 and UnitPrice <= 0;
  * drop rows equal in all 8 raw fields to another remaining row (keep one);
  * a row whose Quantity is not an integer, whose UnitPrice is not a plain decimal with at most
    3 significant decimals, or whose InvoiceDate is not M/d/yyyy H:mm is malformed and left out;
  * CustomerID: missing -> 'Unknown', a trailing '.0' removed;
  * Description: spaces trimmed, empty -> null; revenue = quantity * unit_price (3 decimals).

Prints one line per check, then 'N passed, M failed'; exits 1 if any check failed, 2 on bad usage.
Needs duckdb and pyarrow.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
import sys
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

AGGREGATES = ("monthly_revenue", "country_revenue", "top_products", "customer_rfm")
MONEY_COLUMNS = {"revenue", "monetary", "unit_price", "min_unit_price", "max_unit_price"}
BOM = b"\xef\xbb\xbf"

SALES_SCHEMA: list[tuple[str, Callable[[pa.DataType], bool], str]] = [
    ("invoice_no", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "string"),
    ("stock_code", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "string"),
    ("description", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "string"),
    ("quantity", pa.types.is_int64, "int64"),
    ("invoice_ts", lambda t: t == pa.timestamp("us"), "timestamp[us] without time zone"),
    ("unit_price", lambda t: t == pa.decimal128(18, 3), "decimal(18,3)"),
    ("customer_id", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "string"),
    ("country", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "string"),
    ("revenue", lambda t: t == pa.decimal128(18, 3), "decimal(18,3)"),
]

# Column kinds of the Power BI files: i = integer, m = money, d = date, t = timestamp, b = bool, s = text.
POWERBI_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "fact_sales": [("invoice_no", "s"), ("date_key", "i"), ("product_key", "i"), ("customer_key", "i"),
                   ("country_key", "i"), ("quantity", "i"), ("unit_price", "m"), ("revenue", "m"),
                   ("invoice_ts", "t")],
    "dim_date": [("date_key", "i"), ("date", "d"), ("year", "i"), ("quarter", "i"), ("month", "i"),
                 ("month_name", "s"), ("year_month", "s"), ("day", "i"), ("weekday", "s"),
                 ("weekday_number", "i"), ("is_weekend", "b")],
    "dim_product": [("product_key", "i"), ("stock_code", "s"), ("description", "s"),
                    ("min_unit_price", "m"), ("max_unit_price", "m")],
    "dim_customer": [("customer_key", "i"), ("customer_id", "s"), ("is_known", "b"), ("country", "s")],
    "dim_country": [("country_key", "i"), ("country", "s")],
}
FACT_KEYS = {"date_key": "dim_date", "product_key": "dim_product", "customer_key": "dim_customer",
             "country_key": "dim_country"}
KIND_PATTERNS = {
    "i": re.compile(r"-?\d+"),
    "m": re.compile(r"-?\d+\.\d{3}"),
    "d": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "t": re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"),
    "b": re.compile(r"true|false"),
}


class CheckFailed(Exception):
    """A check's own verdict (as opposed to a crash inside the check)."""


class Verifier:
    def __init__(self, raw: Path, out: Path) -> None:
        self.raw = raw
        self.out = out
        self.passed = 0
        self.failed = 0
        self.db = duckdb.connect()
        self.db.execute("SET threads = 2")
        self.powerbi: dict[str, str] = {}  # file name -> DuckDB table holding it

    # -- reporting ---------------------------------------------------------------------------

    def check(self, name: str, body: Callable[[], str | None]) -> None:
        """Runs one check; a returned string is shown as detail of a pass."""
        try:
            detail = body()
        except CheckFailed as failure:
            self.failed += 1
            print(f"FAIL {name}: {failure}", flush=True)
        except Exception as error:  # noqa: BLE001 - any crash is a failed check, not a crashed run
            self.failed += 1
            last = traceback.format_exception_only(type(error), error)[-1].strip().splitlines()[0]
            print(f"FAIL {name}: {last}", flush=True)
        else:
            self.passed += 1
            print(f"PASS {name}" + (f" ({detail})" if detail else ""), flush=True)

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def literal(path: Path) -> str:
        return "'" + str(path).replace("'", "''") + "'"

    def sales_glob(self) -> str:
        return self.literal(self.out / "emr" / "sales" / "year=*" / "month=*" / "part-00000.parquet")

    def sales_files(self) -> list[Path]:
        return sorted((self.out / "emr" / "sales").glob("year=*/month=*/part-00000.parquet"))

    def aggregate_parquet(self, name: str) -> Path:
        preferred = self.out / "aggregates" / f"{name}.parquet"
        if preferred.exists():
            return preferred
        found = sorted(p for p in self.out.rglob(f"{name}.parquet") if "sales" not in p.parts)
        if not found:
            raise CheckFailed(f"no {name}.parquet under {self.out}")
        return found[0]

    # -- (d) reference data from the raw CSV -------------------------------------------------

    def load_raw(self) -> str:
        self.db.execute(f"""
            CREATE TABLE raw AS SELECT * FROM read_csv({self.literal(self.raw)},
                header = true, all_varchar = true, encoding = 'latin-1', delim = ',', quote = '"',
                escape = '"', columns = {{'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR',
                'Description': 'VARCHAR', 'Quantity': 'VARCHAR', 'InvoiceDate': 'VARCHAR',
                'UnitPrice': 'VARCHAR', 'CustomerID': 'VARCHAR', 'Country': 'VARCHAR'}})""")
        self.db.execute(r"""
            CREATE TABLE wellformed AS SELECT * FROM raw
            WHERE regexp_full_match(Quantity, '[+-]?[0-9]+')
              AND regexp_full_match(UnitPrice, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)')
              AND NOT regexp_matches(UnitPrice, '[.][0-9]{3}[0-9]*[1-9]')
              AND try_strptime(InvoiceDate, '%m/%d/%Y %H:%M') IS NOT NULL
              AND InvoiceNo IS NOT NULL AND StockCode IS NOT NULL AND Country IS NOT NULL""")
        self.db.execute("""
            CREATE TABLE kept AS SELECT DISTINCT * FROM wellformed
            WHERE NOT (InvoiceNo LIKE 'C%' OR InvoiceNo LIKE 'A%')
              AND CAST(Quantity AS BIGINT) > 0 AND CAST(UnitPrice AS DECIMAL(18,3)) > 0""")
        self.db.execute(r"""
            CREATE TABLE clean AS SELECT
                InvoiceNo AS invoice_no,
                StockCode AS stock_code,
                nullif(trim(Description), '') AS description,
                CAST(Quantity AS BIGINT) AS quantity,
                strptime(InvoiceDate, '%m/%d/%Y %H:%M') AS invoice_ts,
                CAST(UnitPrice AS DECIMAL(18,3)) AS unit_price,
                coalesce(regexp_replace(CustomerID, '\.0$', ''), 'Unknown') AS customer_id,
                Country AS country,
                CAST(CAST(Quantity AS BIGINT) * CAST(UnitPrice AS DECIMAL(18,3)) AS DECIMAL(18,3)) AS revenue
            FROM kept""")
        raw, wellformed, clean = self.db.execute(
            "SELECT (SELECT count(*) FROM raw), (SELECT count(*) FROM wellformed), (SELECT count(*) FROM clean)"
        ).fetchone()
        return f"{raw} raw rows, {raw - wellformed} malformed, {clean} clean"

    def reference(self, name: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        sql = REFERENCE_SQL[name]
        result = self.db.execute(sql)
        columns = [d[0] for d in result.description]
        return columns, result.fetchall()

    # -- (a) every Parquet file opens ----------------------------------------------------------

    def check_parquet_files(self) -> None:
        files = sorted(self.out.rglob("*.parquet"))
        self.check("parquet files present", lambda: f"{len(files)} files" if files else _fail("none under OUTDIR"))
        for path in files:
            relative = path.relative_to(self.out)

            def open_both(path: Path = path) -> str:
                arrow_rows = pq.read_table(path).num_rows
                duck_rows = self.db.execute(f"SELECT count(*) FROM read_parquet({self.literal(path)})").fetchone()[0]
                if arrow_rows != duck_rows:
                    raise CheckFailed(f"pyarrow reads {arrow_rows} rows, DuckDB {duck_rows}")
                return f"{arrow_rows} rows"

            self.check(f"parquet opens in pyarrow and DuckDB: {relative}", open_both)

    # -- (b) partition schema ------------------------------------------------------------------

    def check_sales_partitions(self) -> None:
        files = self.sales_files()
        self.check("emr/sales partitions present",
                   lambda: f"{len(files)} partitions" if files else _fail("no year=*/month=*/part-00000.parquet"))
        for path in files:
            relative = path.relative_to(self.out)
            self.check(f"schema of {relative}", lambda path=path: check_sales_schema(path))
        if not files:
            return

        def partition_values() -> str:
            names = [p.relative_to(self.out / "emr" / "sales").parts[:2] for p in files]
            bad = [n for n in names if not (re.fullmatch(r"year=\d{4}", n[0]) and re.fullmatch(r"month=\d{2}", n[1]))]
            if bad:
                raise CheckFailed(f"folder names not year=YYYY/month=MM: {bad[:3]}")
            wrong = self.db.execute(f"""
                SELECT count(*) FROM read_parquet({self.sales_glob()}, hive_partitioning = true,
                    hive_types = {{'year': INTEGER, 'month': VARCHAR}})
                WHERE year(invoice_ts) <> year OR strftime(invoice_ts, '%m') <> month""").fetchone()[0]
            if wrong:
                raise CheckFailed(f"{wrong} rows sit in a partition other than their invoice month")
            return None

        self.check("emr/sales rows are in their own year/month partition", partition_values)

        def same_rows() -> str:
            columns = ", ".join(name for name, _, _ in SALES_SCHEMA)
            source = f"(SELECT {columns} FROM read_parquet({self.sales_glob()}, hive_partitioning = false))"
            missing, extra = self.db.execute(f"""
                SELECT (SELECT count(*) FROM (SELECT {columns} FROM clean EXCEPT ALL SELECT * FROM {source})),
                       (SELECT count(*) FROM (SELECT * FROM {source} EXCEPT ALL SELECT {columns} FROM clean))""").fetchone()
            if missing or extra:
                raise CheckFailed(f"{missing} clean rows missing from emr/sales, {extra} rows there not in the clean data")
            return None

        self.check("emr/sales rows equal the cleaned raw rows", same_rows)

    # -- (c) totals agree ----------------------------------------------------------------------

    def check_revenue_total(self) -> None:
        def totals() -> str:
            parquet_sum = self.db.execute(
                f"SELECT sum(revenue) FROM read_parquet({self.sales_glob()}, hive_partitioning = false)").fetchone()[0]
            header, rows = read_csv_file(self.out / "aggregates" / "monthly_revenue.csv")
            index = header.index("revenue")
            csv_sum = sum((Decimal(row[index]) for row in rows), Decimal("0.000"))
            if parquet_sum is None or Decimal(parquet_sum) != csv_sum:
                raise CheckFailed(f"emr/sales sum(revenue) = {parquet_sum}, monthly_revenue.csv sums to {csv_sum}")
            return f"{money_text(csv_sum)}"

        self.check("sum(revenue) of emr/sales equals the monthly_revenue total", totals)

    # -- (d) aggregates ------------------------------------------------------------------------

    def check_aggregates(self) -> None:
        for name in AGGREGATES:
            def against_csv(name: str = name) -> str:
                columns, expected = self.reference(name)
                header, rows = read_csv_file(self.out / "aggregates" / f"{name}.csv")
                if header != columns:
                    raise CheckFailed(f"header {header}, expected {columns}")
                compare_rows(columns, [[cell_text(c, v) for c, v in zip(columns, row)] for row in expected],
                             [[cell or None for cell in row] for row in rows])
                return f"{len(rows)} rows"

            def against_parquet(name: str = name) -> str:
                columns, expected = self.reference(name)
                table = pq.read_table(self.aggregate_parquet(name))
                if table.column_names != columns:
                    raise CheckFailed(f"columns {table.column_names}, expected {columns}")
                for field in table.schema:
                    if pa.types.is_floating(field.type):
                        raise CheckFailed(f"column {field.name} is {field.type}: not exact")
                actual = [[cell_text(c, row[c]) for c in columns] for row in table.to_pylist()]
                compare_rows(columns, [[cell_text(c, v) for c, v in zip(columns, row)] for row in expected], actual)
                return f"{table.num_rows} rows"

            self.check(f"{name}.csv equals DuckDB recomputation", against_csv)
            self.check(f"{name}.parquet equals DuckDB recomputation", against_parquet)

    # -- (e) Power BI --------------------------------------------------------------------------

    def check_powerbi(self) -> None:
        for name, columns in POWERBI_COLUMNS.items():
            self.check(f"powerbi/{name}.csv format", lambda name=name, columns=columns: self.read_powerbi(name, columns))
        self.check("powerbi dimension keys are unique", self.dimension_keys_unique)
        self.check("powerbi fact keys exist in their dimensions", self.fact_keys_resolve)
        self.check("powerbi dim_customer has Unknown", self.unknown_customer)
        self.check("powerbi dim_date covers whole months of the data", self.date_dimension)
        self.check("powerbi fact_sales equals the cleaned raw rows", self.fact_matches_clean)

    def read_powerbi(self, name: str, columns: list[tuple[str, str]]) -> str:
        path = self.out / "powerbi" / f"{name}.csv"
        data = path.read_bytes()
        if not data.startswith(BOM):
            raise CheckFailed("no UTF-8 byte order mark")
        crlf = data.count(b"\r\n")
        if data.count(b"\n") != crlf or data.count(b"\r") != crlf:
            raise CheckFailed("line ends are not all CRLF")
        if not data.endswith(b"\r\n"):
            raise CheckFailed("last line does not end in CRLF")
        data.decode("utf-8")
        header = next(csv.reader([data[len(BOM):data.index(b"\r\n")].decode("utf-8")]))
        names = [column for column, _ in columns]
        if header != names:
            raise CheckFailed(f"header {header}, expected {names}")
        table = f"powerbi_{name}"
        spec = ", ".join(f"'{column}': 'VARCHAR'" for column in names)
        self.db.execute(f"""
            CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv({self.literal(path)}, header = true,
                delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {{{spec}}})""")
        tests = []
        for column, kind in columns:
            if kind == "s":
                continue
            bad = f"{column} IS NULL OR NOT regexp_full_match({column}, '{KIND_PATTERNS[kind].pattern}')"
            if kind == "d":
                bad += f" OR try_cast({column} AS DATE) IS NULL"
            if kind == "t":
                bad += f" OR try_strptime({column}, '%Y-%m-%d %H:%M:%S') IS NULL"
            tests.append(f"count(*) FILTER (WHERE {bad}), any_value({column}) FILTER (WHERE {bad})")
        if tests:
            found = self.db.execute(f"SELECT {', '.join(tests)} FROM {table}").fetchone()
            kinds = [(column, kind) for column, kind in columns if kind != "s"]
            for index, (column, kind) in enumerate(kinds):
                broken, sample = found[2 * index], found[2 * index + 1]
                if broken:
                    raise CheckFailed(f"column {column}: {broken} values not of kind {kind}, e.g. {sample!r}")
        self.powerbi[name] = table
        return f"{self.scalar(f'SELECT count(*) FROM {table}')} rows"

    def scalar(self, sql: str) -> Any:
        return self.db.execute(sql).fetchone()[0]

    def table(self, name: str) -> str:
        if name not in self.powerbi:
            raise CheckFailed(f"needs a valid powerbi/{name}.csv")
        return self.powerbi[name]

    def dimension_keys_unique(self) -> None:
        for key, dimension in FACT_KEYS.items():
            duplicates = self.scalar(f"SELECT count(*) - count(DISTINCT {key}) FROM {self.table(dimension)}")
            if duplicates:
                raise CheckFailed(f"{dimension}.{key} has {duplicates} duplicates")

    def fact_keys_resolve(self) -> None:
        fact = self.table("fact_sales")
        for key, dimension in FACT_KEYS.items():
            missing = self.db.execute(f"""
                SELECT DISTINCT {key} FROM {fact}
                WHERE {key} NOT IN (SELECT {key} FROM {self.table(dimension)}) ORDER BY 1 LIMIT 5""").fetchall()
            if missing:
                raise CheckFailed(f"fact_sales.{key} values missing from {dimension}: {[m[0] for m in missing]}")

    def unknown_customer(self) -> None:
        if not self.scalar(f"SELECT count(*) FROM {self.table('dim_customer')} WHERE customer_id = 'Unknown'"):
            raise CheckFailed("no customer_id 'Unknown'")

    def date_dimension(self) -> str:
        rows = self.db.execute(
            f"SELECT date, date_key, is_weekend FROM {self.table('dim_date')}").fetchall()
        first_day, last_day = self.db.execute(
            f"SELECT min(left(invoice_ts, 10)), max(left(invoice_ts, 10)) FROM {self.table('fact_sales')}").fetchone()
        if first_day is None:
            return "no sales"
        first = dt.date.fromisoformat(first_day).replace(day=1)
        last = dt.date.fromisoformat(last_day)
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        expected = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        dates = [dt.date.fromisoformat(row[0]) for row in rows]
        if dates != expected:
            raise CheckFailed(f"dates run {dates[:1]}..{dates[-1:]}, expected {first}..{last} day by day")
        if [row[1] for row in rows] != [d.strftime("%Y%m%d") for d in dates]:
            raise CheckFailed("date_key is not yyyymmdd of date")
        if [row[2] for row in rows] != ["true" if d.isoweekday() >= 6 else "false" for d in dates]:
            raise CheckFailed("is_weekend disagrees with the calendar")
        return f"{first} to {last}"

    def fact_matches_clean(self) -> str:
        fact, products = self.table("fact_sales"), self.table("dim_product")
        customers, countries = self.table("dim_customer"), self.table("dim_country")
        resolved = f"""
            SELECT f.invoice_no, p.stock_code, CAST(f.quantity AS BIGINT) AS quantity,
                   strptime(f.invoice_ts, '%Y-%m-%d %H:%M:%S') AS invoice_ts,
                   CAST(f.unit_price AS DECIMAL(18,3)) AS unit_price, c.customer_id, k.country,
                   CAST(f.revenue AS DECIMAL(18,3)) AS revenue
            FROM {fact} f
            LEFT JOIN {products} p ON p.product_key = f.product_key
            LEFT JOIN {customers} c ON c.customer_key = f.customer_key
            LEFT JOIN {countries} k ON k.country_key = f.country_key"""
        columns = "invoice_no, stock_code, quantity, invoice_ts, unit_price, customer_id, country, revenue"
        missing, extra = self.db.execute(f"""
            SELECT (SELECT count(*) FROM (SELECT {columns} FROM clean EXCEPT ALL {resolved})),
                   (SELECT count(*) FROM ({resolved} EXCEPT ALL SELECT {columns} FROM clean))""").fetchone()
        if missing or extra:
            raise CheckFailed(f"{missing} clean rows missing, {extra} fact rows not in the clean data")
        wrong_day = self.scalar(f"""
            SELECT count(*) FROM {fact}
            WHERE date_key <> strftime(strptime(invoice_ts, '%Y-%m-%d %H:%M:%S'), '%Y%m%d')""")
        if wrong_day:
            raise CheckFailed(f"{wrong_day} rows have a date_key other than the date of invoice_ts")
        return f"{self.scalar(f'SELECT count(*) FROM {fact}')} rows"

    # -- driver --------------------------------------------------------------------------------

    def run(self) -> int:
        loaded = False

        def load() -> str:
            nonlocal loaded
            detail = self.load_raw()
            loaded = True
            return detail

        self.check("raw CSV loads and cleans in DuckDB", load)
        self.check_parquet_files()
        if loaded:
            self.check_sales_partitions()
        self.check_revenue_total()
        if loaded:
            self.check_aggregates()
            self.check_powerbi()
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


REFERENCE_SQL = {
    "monthly_revenue": """
        SELECT strftime(invoice_ts, '%Y-%m') AS month,
               count(DISTINCT invoice_no) AS orders,
               count(DISTINCT customer_id) FILTER (WHERE customer_id <> 'Unknown') AS customers,
               sum(quantity) AS units,
               sum(revenue) AS revenue
        FROM clean GROUP BY 1 ORDER BY 1""",
    "country_revenue": """
        SELECT country,
               count(DISTINCT invoice_no) AS orders,
               count(DISTINCT customer_id) FILTER (WHERE customer_id <> 'Unknown') AS customers,
               sum(quantity) AS units,
               sum(revenue) AS revenue
        FROM clean GROUP BY country ORDER BY revenue DESC, country""",
    "top_products": """
        WITH totals AS (
            SELECT stock_code, sum(quantity) AS units, sum(revenue) AS revenue,
                   count(DISTINCT invoice_no) AS orders
            FROM clean GROUP BY stock_code),
        counted AS (
            SELECT stock_code, description, count(*) AS n FROM clean
            WHERE description IS NOT NULL GROUP BY stock_code, description),
        usual AS (
            SELECT stock_code, description FROM counted
            QUALIFY row_number() OVER (PARTITION BY stock_code ORDER BY n DESC, description) = 1)
        SELECT t.stock_code, u.description, t.units, t.revenue, t.orders
        FROM totals t LEFT JOIN usual u USING (stock_code)
        ORDER BY t.revenue DESC, t.stock_code
        LIMIT 100""",
    "customer_rfm": """
        WITH reference AS (SELECT max(CAST(invoice_ts AS DATE)) + 1 AS day FROM clean),
        customers AS (
            SELECT customer_id,
                   date_diff('day', max(CAST(invoice_ts AS DATE)), (SELECT day FROM reference)) AS recency_days,
                   count(DISTINCT invoice_no) AS frequency,
                   sum(revenue) AS monetary
            FROM clean WHERE customer_id <> 'Unknown' GROUP BY customer_id),
        scored AS (
            SELECT *,
                   ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_score,
                   ntile(5) OVER (ORDER BY frequency, customer_id) AS f_score,
                   ntile(5) OVER (ORDER BY monetary, customer_id) AS m_score
            FROM customers)
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
        FROM scored ORDER BY customer_id""",
}


def _fail(message: str) -> str:
    raise CheckFailed(message)


def money_text(value: Any) -> str:
    return f"{Decimal(value).quantize(Decimal('0.001')):f}"


def cell_text(column: str, value: Any) -> str | None:
    """A value as the aggregate CSV writes it; money is compared at exactly 3 decimals."""
    if value is None:
        return None
    if isinstance(value, float):
        raise CheckFailed(f"column {column} holds a float ({value!r}): not exact")
    if isinstance(value, Decimal):
        if column in MONEY_COLUMNS and value.as_tuple().exponent < -3 and value != value.quantize(Decimal("0.001")):
            raise CheckFailed(f"column {column} has more than 3 decimals: {value}")
        return money_text(value) if column in MONEY_COLUMNS else f"{value:f}"
    if column in MONEY_COLUMNS and isinstance(value, int):
        return money_text(value)
    return str(value)


def compare_rows(columns: list[str], expected: list[list[str | None]], actual: list[list[str | None]]) -> None:
    if len(expected) != len(actual):
        raise CheckFailed(f"{len(actual)} rows, expected {len(expected)}")
    for number, (want, got) in enumerate(zip(expected, actual), start=1):
        if want != got:
            diffs = [f"{c}: {g!r} != {w!r}" for c, w, g in zip(columns, want, got) if w != g]
            raise CheckFailed(f"row {number} differs ({'; '.join(diffs[:4])})")


def read_csv_file(path: Path) -> tuple[list[str], list[list[str]]]:
    data = path.read_bytes()
    if data.startswith(BOM):
        raise CheckFailed(f"{path.name} starts with a BOM (aggregates are plain UTF-8)")
    if b"\r" in data:
        raise CheckFailed(f"{path.name} has CR characters (aggregates use LF)")
    rows = list(csv.reader(data.decode("utf-8").split("\n")[:-1], strict=True))
    return rows[0], rows[1:]


def check_sales_schema(path: Path) -> None:
    schema = pq.read_schema(path)
    names = [field.name for field in schema]
    expected = [name for name, _, _ in SALES_SCHEMA]
    if names != expected:
        raise CheckFailed(f"columns {names}, expected {expected}")
    problems = [f"{name} is {schema.field(name).type}, expected {wanted}"
                for name, accepts, wanted in SALES_SCHEMA if not accepts(schema.field(name).type)]
    if problems:
        raise CheckFailed("; ".join(problems))
    table = pq.read_table(path)
    nulls = [name for name in expected if name != "description" and table.column(name).null_count]
    if nulls:
        raise CheckFailed(f"nulls in non-nullable columns: {nulls}")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    raw, out = Path(argv[1]), Path(argv[2])
    if not raw.is_file() or not out.is_dir():
        print(f"verify_batch.py: need an existing RAW.csv and OUTDIR, got {raw} and {out}", file=sys.stderr)
        return 2
    return Verifier(raw, out).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
