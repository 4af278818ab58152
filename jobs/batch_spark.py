"""The retail batch (clean -> emr/sales Parquet -> aggregates -> quality) on Spark.

    spark-submit jobs/batch_spark.py --source RAW.csv --out OUTDIR \
        [--encoding auto|utf-8|latin-1] [--max-quarantine-ratio 0.01] [--date-format 'M/d/yyyy H:mm'] \
        [--top-products 100] [--drop cancelled,bad_debt,non_positive_quantity,non_positive_price,duplicate]

Same outputs as the native `workflows/batch.yaml` (clean, partition, aggregate): see jobs/README.md for
every place where Spark's own behaviour differs from the native rules and what this job does about it.

Stages:
1. Physical lines of the file as bytes (`spark.read.text` with `lineSep="\\n"`, cast to BINARY so no
   decoding happens), numbered with `zipWithIndex`.
2. RFC 4180 record assembly across lines: each partition summarises how its lines move the quote
   state (from both possible start states); the driver chains the summaries; each line then learns
   the line its record starts on, and lines are grouped into records. Line numbers are physical
   lines, as the native quarantine reports them.
3. Records -> fields (Python, byte-exact), then the cleaning rules in Spark SQL (clean.sql logic
   below): quarantine checks, drop rules in order, duplicates with a window.
4. `emr/sales` partitioned Parquet, the four aggregates in Spark SQL, `quality/`.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
import uuid
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rfc4180  # noqa: E402  (shipped to executors with addPyFile)

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

MAX_RECORD_BYTES = 1 << 20       # CSVReaderOptions.maxRecordBytes
QUARANTINE_RAW_LIMIT = 64 << 10  # CSVReaderOptions.quarantineRawLimit
MONEY_MAX = "999999999999999.999"
ISO_FALLBACKS = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"]
QUARANTINE_REASONS = ["field_count", "unterminated_quote", "invalid_encoding", "record_too_long", "bad_quantity",
                      "bad_price", "bad_date", "price_precision", "out_of_range"]
DROP_REASONS = ["cancelled", "bad_debt", "non_positive_quantity", "non_positive_price", "duplicate"]
BOM = b"\xef\xbb\xbf"


class JobError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Date patterns: the DatePattern.swift language compiled to a Java regex with possessive
# quantifiers (the native parser takes as many digits as it can and never gives them back).


def compile_date_pattern(pattern):
    """(regex, [field per group]) for a DatePattern pattern."""
    parts, fields = [], []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            close = pattern.find("'", i + 1)
            if close < 0:
                raise JobError(f"date format {pattern!r}: unclosed quote")
            parts.extend(literal_regex(c) for c in pattern[i + 1:close])
            i = close + 1
            continue
        run = 1
        while i + run < len(pattern) and pattern[i + run] == ch:
            run += 1
        if not ch.isalpha():
            parts.extend(literal_regex(ch) for _ in range(run))
            i += run
            continue
        field = {"y": "y", "M": "mo", "d": "d", "H": "h", "m": "mi", "s": "s"}.get(ch)
        if field is None:
            raise JobError(f"date format {pattern!r}: unknown letter {ch}")
        if field == "y":
            if run != 4:
                raise JobError(f"date format {pattern!r}: year must be yyyy")
            parts.append("([0-9]{4})")
        elif run == 1:
            parts.append("([0-9]{1,2}+)")
        elif run == 2:
            parts.append("([0-9]{2})")
        else:
            raise JobError(f"date format {pattern!r}: too many {ch} letters")
        fields.append(field)
        i += run
    if not {"y", "mo", "d"} <= set(fields):
        raise JobError(f"date format {pattern!r}: needs yyyy, M and d")
    # \z, not $: Java's $ also matches before a final line break, which the native parser refuses.
    return "^" + "".join(parts) + "\\z", fields


def literal_regex(ch):
    if ch.isalnum():
        return ch
    return "\\" + ch if ch in "\\^$.|?*+()[]{}" else ch


def sql_string(text):
    """A Spark SQL string literal (backslashes and quotes escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def date_sql(patterns):
    """(columns, expression): the columns extract each pattern's numbers from `td` (null when the
    pattern does not match); the expression is a struct(y, mo, d, h, mi, s) of the first pattern that
    matches with valid values (DatePattern.microseconds, tried in order), else null."""
    columns, candidates = [], []
    for k, pattern in enumerate(patterns):
        regex, fields = compile_date_pattern(pattern)
        lit = sql_string(regex)
        value = {}
        for g, f in enumerate(fields):
            columns.append(f"CAST(nullif(regexp_extract(td, {lit}, {g + 1}), '') AS INT) AS d{k}_{f}")
            value[f] = f"d{k}_{f}"
        y, mo, d = value["y"], value["mo"], value["d"]
        h, mi, s = value.get("h", "0"), value.get("mi", "0"), value.get("s", "0")
        dim = (f"CASE WHEN {mo} = 2 THEN IF(({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0, 29, 28) "
               f"WHEN {mo} IN (4, 6, 9, 11) THEN 30 ELSE 31 END")
        valid = (f"{y} IS NOT NULL AND {mo} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {dim} "
                 f"AND {h} BETWEEN 0 AND 23 AND {mi} BETWEEN 0 AND 59 AND {s} BETWEEN 0 AND 59")
        candidates.append(f"CASE WHEN {valid} THEN named_struct('y', {y}, 'mo', {mo}, 'd', {d}, "
                          f"'h', {h}, 'mi', {mi}, 's', {s}) END")
    combined = "coalesce(" + ", ".join(candidates) + ")" if len(candidates) > 1 else candidates[0]
    return ",\n    ".join(columns), combined


# ---------------------------------------------------------------------------------------------
# Stage 1-2: physical lines -> records.


def partition_summary(index, lines):
    """How this partition's lines move the quote state, for both start states: the end state and the
    last line on which a record starts (None when every line continues a record from before)."""
    state = [rfc4180.OUTSIDE, rfc4180.INSIDE]
    last_start = [None, None]
    for line_no, data in lines:
        if state[0] == state[1]:
            if state[0] == rfc4180.OUTSIDE:
                last_start[0] = last_start[1] = line_no
            state[0] = state[1] = rfc4180.line_end_state(data, state[0])
            continue
        for k in (0, 1):
            if state[k] == rfc4180.OUTSIDE:
                last_start[k] = line_no
            state[k] = rfc4180.line_end_state(data, state[k])
    yield index, state[0], state[1], last_start[0], last_start[1]


def chain_summaries(summaries):
    """Per partition: (state its first line starts in, line of the record open at that point)."""
    starts = {}
    state, open_record = rfc4180.OUTSIDE, None
    for index, end0, end1, last0, last1 in sorted(summaries):
        starts[index] = (state, open_record)
        last = last0 if state == rfc4180.OUTSIDE else last1
        if last is not None:
            open_record = last
        state = end0 if state == rfc4180.OUTSIDE else end1
    return starts


def record_lines(starts):
    def assign(index, lines):
        state, record = starts.value[index]
        for line_no, data in lines:
            if state == rfc4180.OUTSIDE:
                record = line_no
            state = rfc4180.line_end_state(data, state)
            yield record, (line_no, data, state)
    return assign


def assemble(item):
    """(record line, content bytes, unterminated?) from the record's physical lines."""
    record, parts = item
    parts = sorted(parts)
    content = rfc4180.record_content([data for _, data, _ in parts])
    return record, content, parts[-1][2] == rfc4180.INSIDE


# ---------------------------------------------------------------------------------------------
# Stage 3: records -> rows of raw fields (Latin-1 strings: one character per byte, so every rule
# sees the exact bytes; text is decoded to the file's encoding only at the end).


RECORD_SCHEMA = T.StructType([
    T.StructField("line", T.LongType(), False),
    T.StructField("kind", T.StringType(), False),   # blank | header | reader_quarantine | record
    T.StructField("reason", T.StringType(), True),  # the reader's quarantine reason
    T.StructField("bad_utf8", T.BooleanType(), False),
    T.StructField("raw", T.StringType(), False),
] + [T.StructField(name, T.StringType(), True)
     for name in ["inv", "stock", "descr", "qty", "dt", "price", "cust", "country"]])


def to_rows(header_line, field_count, indices, encoding, strict):
    def convert(item):
        line, content, unterminated = item
        none8 = [None] * 8
        if unterminated:
            if line <= header_line:
                return (line, "header_error", "unterminated_quote", False, "", *none8)
            raw = content[:QUARANTINE_RAW_LIMIT]
            return (line, "reader_quarantine", "unterminated_quote", False, raw.decode("latin-1"), *none8)
        if not content:
            return (line, "blank", None, False, "", *none8)
        if line < header_line:
            return (line, "blank", None, False, "", *none8)
        if line == header_line:
            return (line, "header", None, False, "", *none8)
        if len(content) > MAX_RECORD_BYTES:
            raw = content[:QUARANTINE_RAW_LIMIT]
            return (line, "reader_quarantine", "record_too_long", False, raw.decode("latin-1"), *none8)
        fields = rfc4180.split_fields(content)
        raw = content.decode("latin-1")
        if len(fields) != field_count:
            return (line, "reader_quarantine", "field_count", False, raw, *none8)
        bad_utf8 = False
        if encoding != "latin-1" and max(content) >= 0x80 and not rfc4180.is_valid_utf8(content):
            if strict:
                return (line, "reader_quarantine", "invalid_encoding", False, raw, *none8)
            bad_utf8 = True
        return (line, "record", None, bad_utf8, raw, *[fields[i].decode("latin-1") for i in indices])
    return convert


# ---------------------------------------------------------------------------------------------
# Stage 3b: the cleaning rules in Spark SQL.

WS = "concat(' ', chr(9), chr(13), chr(10))"   # FieldParsing.trimmed: space, tab, CR, LF


def cleaning_sql(date_patterns, drops):
    """Every `record` row with its outcome: q_reason (quarantine), d_reason (drop before the duplicate
    rule), and the parsed values. Checks in CleaningCore.evaluate's order."""
    date_columns, date_struct = date_sql(date_patterns)
    return f"""
WITH t AS (
  SELECT *,
    trim(BOTH {WS} FROM qty) AS tq,
    trim(BOTH {WS} FROM price) AS tp,
    trim(BOTH concat(' ', chr(9)) FROM dt) AS td
  FROM records WHERE kind = 'record'
),
dx AS (
  SELECT *,
    {date_columns}
  FROM t
),
n AS (
  SELECT *,
    tq RLIKE '^[+-]?[0-9]+([.]0*)?\\\\z' AS q_ok,
    trim(LEADING '0' FROM regexp_extract(tq, '^[+-]?([0-9]*)', 1)) AS q_sig,
    startswith(tq, '-') AS q_neg,
    tp RLIKE '^[+-]?[0-9]*([.][0-9]*)?\\\\z' AND tp RLIKE '[0-9]' AS p_ok,
    trim(LEADING '0' FROM regexp_extract(tp, '^[+-]?([0-9]*)', 1)) AS p_whole,
    regexp_extract(tp, '[.]([0-9]*)\\\\z', 1) AS p_frac,
    startswith(tp, '-') AS p_neg,
    {date_struct} AS dp
  FROM dx
),
v AS (
  SELECT *,
    length(q_sig) > 10 OR (length(q_sig) = 10 AND q_sig > '1000000000') AS q_oor,
    length(p_whole) > 15 AS p_oor,
    substring(p_frac, 4) RLIKE '[1-9]' AS p_too_precise
  FROM n
),
m AS (
  SELECT *,
    CASE WHEN q_ok AND NOT q_oor THEN CAST(IF(q_neg, '-', '') || IF(q_sig = '', '0', q_sig) AS BIGINT) END AS quantity,
    CASE WHEN p_ok AND NOT p_oor AND NOT p_too_precise
         THEN CAST(IF(p_neg, '-', '') || IF(p_whole = '', '0', p_whole) || '.' || rpad(substring(p_frac, 1, 3), 3, '0')
                   AS DECIMAL(18,3)) END AS unit_price
  FROM v
),
r AS (
  SELECT *,
    CAST(quantity AS DECIMAL(11,0)) * unit_price AS revenue_exact,
    CASE WHEN dp IS NOT NULL AND dp.y >= 1900
         THEN make_timestamp_ntz(dp.y, dp.mo, dp.d, dp.h, dp.mi, CAST(dp.s AS DECIMAL(8,6))) END AS invoice_ts
  FROM m
)
SELECT *,
  CASE
    WHEN NOT q_ok THEN 'bad_quantity'
    WHEN q_oor THEN 'out_of_range'
    WHEN NOT p_ok THEN 'bad_price'
    WHEN p_oor THEN 'out_of_range'
    WHEN p_too_precise THEN 'price_precision'
    WHEN dp IS NULL THEN 'bad_date'
    WHEN dp.y < 1900 THEN 'out_of_range'
    WHEN abs(revenue_exact) > {MONEY_MAX} THEN 'out_of_range'
  END AS q_reason,
  {drop_case(drops)} AS d_reason
FROM r
"""


DROP_RULES = [  # FieldParsing.invoiceKind: first byte after trimming, either case
    ("cancelled", f"substring(trim(BOTH {WS} FROM inv), 1, 1) IN ('C', 'c')"),
    ("bad_debt", f"substring(trim(BOTH {WS} FROM inv), 1, 1) IN ('A', 'a')"),
    ("non_positive_quantity", "quantity <= 0"),
    ("non_positive_price", "unit_price <= 0"),
]


def drop_case(drops):
    branches = [f"WHEN {condition} THEN '{name}'" for name, condition in DROP_RULES if name in drops]
    return "CASE " + " ".join(branches) + " END" if branches else "CAST(NULL AS STRING)"


# Duplicates: among rows that passed every check and rule above, a row whose eight raw fields
# (unquoted, untrimmed bytes) equal an earlier row's.
DEDUP_SQL = """
SELECT *, {dup} AS dup
FROM evaluated WHERE q_reason IS NULL AND d_reason IS NULL
"""
DUP_EXPR = "row_number() OVER (PARTITION BY inv, stock, descr, qty, dt, price, cust, country ORDER BY line) > 1"


def sales_sql(utf8):
    def text(expr):
        # Values are Latin-1 strings (one char per byte); a UTF-8 file's bytes are decoded once here.
        return f"decode(encode({expr}, 'ISO-8859-1'), 'UTF-8')" if utf8 else expr
    trimmed = {c: f"trim(BOTH {WS} FROM {c})" for c in ["inv", "stock", "descr", "cust", "country"]}
    # FieldParsing.customerBytes: empty -> Unknown, digits '.' zeros -> the digits, else as is.
    customer = (f"CASE WHEN {trimmed['cust']} = '' THEN 'Unknown' "
                f"WHEN {trimmed['cust']} RLIKE '^[0-9]+[.]0*\\\\z' THEN substring_index({trimmed['cust']}, '.', 1) "
                f"ELSE {trimmed['cust']} END")
    return f"""
SELECT
  {text(trimmed['inv'])} AS invoice_no,
  {text(trimmed['stock'])} AS stock_code,
  {text(f"nullif({trimmed['descr']}, '')")} AS description,
  quantity,
  invoice_ts,
  unit_price,
  {text(customer)} AS customer_id,
  {text(trimmed['country'])} AS country,
  CAST(revenue_exact AS DECIMAL(18,3)) AS revenue
FROM deduped WHERE NOT dup
"""


# ---------------------------------------------------------------------------------------------
# Stage 4: aggregates (Sources/RetailExports). String order is Spark's binary UTF-8 order, the
# native DictionaryOrder.

AGGREGATES = {
    "monthly_revenue": """
SELECT lpad(CAST(year(invoice_ts) AS STRING), 4, '0') || '-' || lpad(CAST(month(invoice_ts) AS STRING), 2, '0') AS month,
       count(DISTINCT invoice_no) AS orders,
       count(DISTINCT CASE WHEN customer_id <> 'Unknown' THEN customer_id END) AS customers,
       sum(quantity) AS units,
       sum(revenue) AS revenue
FROM sales GROUP BY 1 ORDER BY month
""",
    "country_revenue": """
SELECT country,
       count(DISTINCT invoice_no) AS orders,
       count(DISTINCT CASE WHEN customer_id <> 'Unknown' THEN customer_id END) AS customers,
       sum(quantity) AS units,
       sum(revenue) AS revenue
FROM sales GROUP BY country ORDER BY revenue DESC, country ASC
""",
    "top_products": """
WITH d AS (
  SELECT stock_code, description, count(*) AS n FROM sales WHERE description IS NOT NULL GROUP BY stock_code, description
), mode AS (
  SELECT stock_code, description FROM (
    SELECT *, row_number() OVER (PARTITION BY stock_code ORDER BY n DESC, description ASC) AS rn FROM d
  ) WHERE rn = 1
), p AS (
  SELECT stock_code, sum(quantity) AS units, sum(revenue) AS revenue, count(DISTINCT invoice_no) AS orders
  FROM sales GROUP BY stock_code
)
SELECT p.stock_code, mode.description, p.units, p.revenue, p.orders
FROM p LEFT JOIN mode ON p.stock_code = mode.stock_code
ORDER BY p.revenue DESC, p.stock_code ASC
LIMIT {top}
""",
    "customer_rfm": """
WITH ref AS (SELECT date_add(max(CAST(invoice_ts AS DATE)), 1) AS ref_day FROM sales),
c AS (
  SELECT customer_id, max(CAST(invoice_ts AS DATE)) AS last_day, count(DISTINCT invoice_no) AS frequency,
         sum(revenue) AS monetary
  FROM sales WHERE customer_id <> 'Unknown' GROUP BY customer_id
), s AS (
  SELECT customer_id, datediff(ref.ref_day, last_day) AS recency_days, frequency, monetary,
         ntile(5) OVER (ORDER BY datediff(ref.ref_day, last_day) DESC, customer_id ASC) AS r_score,
         ntile(5) OVER (ORDER BY frequency ASC, customer_id ASC) AS f_score,
         ntile(5) OVER (ORDER BY monetary ASC, customer_id ASC) AS m_score
  FROM c CROSS JOIN ref
)
SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score,
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
FROM s ORDER BY customer_id
""",
}

# Columns whose sums must fit DECIMAL(18,3) (money) and the group column naming the row.
MONEY_COLUMNS = {"monthly_revenue": (["revenue"], "month"), "country_revenue": (["revenue"], "country"),
                 "top_products": (["revenue"], "stock_code"), "customer_rfm": (["monetary"], "customer_id")}
PARQUET_TYPES = {"orders": "BIGINT", "customers": "BIGINT", "units": "BIGINT", "frequency": "BIGINT",
                 "revenue": "DECIMAL(18,3)", "monetary": "DECIMAL(18,3)", "recency_days": "INT",
                 "r_score": "INT", "f_score": "INT", "m_score": "INT"}


def csv_field(value):
    """CSVBuffer: null is an empty field, "" is quoted; quote on , \" CR LF; money with 3 decimals."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        thousandths = int(value.scaleb(3))
        sign = "-" if thousandths < 0 else ""
        whole, frac = divmod(abs(thousandths), 1000)
        return f"{sign}{whole}.{frac:03d}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def quarantine_field(text):
    """QuarantineCSVWriter.quoted: quotes only for , \" CR LF (an empty field stays empty)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# ---------------------------------------------------------------------------------------------
# Files: every output folder is written beside its final place and renamed in (as the native tasks do).


def replace_dir(staging, final):
    old = None
    if os.path.exists(final):
        old = final + f".old-{uuid.uuid4().hex[:8]}"
        os.rename(final, old)
    os.rename(staging, final)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def staging_dir(final):
    parent = os.path.dirname(final) or "."
    os.makedirs(parent, exist_ok=True)
    return os.path.join(parent, f".{os.path.basename(final)}.staging-{uuid.uuid4().hex[:8]}")


def file_facts(path):
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        head = f.read(3)
        f.seek(0)
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest(), head == BOM


def report_json(report):
    return json.dumps(report, indent=2, sort_keys=True, separators=(",", " : "), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------


def run(spark, args):
    sc = spark.sparkContext
    sc.addPyFile(rfc4180.__file__)
    source = os.path.abspath(args.source)
    if not os.path.isfile(source):
        raise JobError(f"source '{args.source}' does not exist")
    out = os.path.abspath(args.out)
    size, sha256, has_bom = file_facts(source)
    strict = args.encoding == "utf-8" or (args.encoding == "auto" and has_bom)
    patterns = [args.date_format] + [p for p in ISO_FALLBACKS if p != args.date_format]
    for p in patterns:
        compile_date_pattern(p)

    # Each step names its Spark jobs, so the UI and the event log (bench/spark.py) show where time goes.
    # 1. Physical lines, as bytes, numbered from 1; the BOM is not part of line 1.
    sc.setJobDescription("read: lines and records")
    lines = (spark.read.option("lineSep", "\n").text(source)
             .selectExpr("CAST(value AS BINARY) AS b").rdd
             .map(lambda r: bytes(r.b)).zipWithIndex()
             .map(lambda t: (t[1] + 1, t[0][3:] if t[1] == 0 and t[0].startswith(BOM) else t[0])))
    lines.cache()

    # 2. Records across lines.
    starts = sc.broadcast(chain_summaries(lines.mapPartitionsWithIndex(partition_summary).collect()))
    records = (lines.mapPartitionsWithIndex(record_lines(starts))
               .groupByKey().map(assemble))
    records.cache()

    # The header: the first record that is not blank.
    first = records.filter(lambda r: r[2] or r[1] != b"").takeOrdered(1, key=lambda r: r[0])
    if not first or first[0][2]:
        raise JobError(f"'{args.source}' has no header row")
    header_line, header_bytes, _ = first[0]
    header_encoding = "latin-1" if args.encoding == "latin-1" or not rfc4180.is_valid_utf8(header_bytes) else "utf-8"
    header = [f.decode(header_encoding) for f in rfc4180.split_fields(header_bytes)]
    indices, missing = rfc4180.map_header(header)
    if missing:
        raise JobError(f"'{args.source}' line {header_line}: missing column(s) {', '.join(missing)}; "
                       f"header is: {header_bytes.decode(header_encoding)}")

    sc.setJobDescription("parse: fields of each record")
    rows = records.map(to_rows(header_line, len(header), indices, args.encoding, strict))
    spark.createDataFrame(rows, RECORD_SCHEMA).localCheckpoint().createOrReplaceTempView("records")

    # 3. Cleaning.
    # Each step is cut from its lineage (localCheckpoint): the later queries then plan against a
    # small materialized table instead of the whole wide cleaning plan again.
    drops = set(args.drop)
    sc.setJobDescription("clean: rules, duplicates and counts")
    (spark.sql(cleaning_sql(patterns, drops))
     .select("line", "raw", "inv", "stock", "descr", "qty", "dt", "price", "cust", "country",
             "quantity", "unit_price", "revenue_exact", "invoice_ts", "q_reason", "d_reason")
     .localCheckpoint().createOrReplaceTempView("evaluated"))
    spark.sql(DEDUP_SQL.format(dup=DUP_EXPR if "duplicate" in drops else "FALSE")).localCheckpoint().createOrReplaceTempView("deduped")

    counts = {r["k"]: r["n"] for r in spark.sql("""
        SELECT k, count(*) AS n FROM (
          SELECT CASE WHEN kind = 'blank' THEN 'blank' WHEN kind = 'header' THEN 'header'
                      WHEN kind = 'header_error' THEN 'header_error'
                      ELSE 'q:' || reason END AS k FROM records WHERE kind <> 'record'
          UNION ALL SELECT 'q:' || q_reason FROM evaluated WHERE q_reason IS NOT NULL
          UNION ALL SELECT 'd:' || d_reason FROM evaluated WHERE q_reason IS NULL AND d_reason IS NOT NULL
          UNION ALL SELECT IF(dup, 'd:duplicate', 'clean') FROM deduped
          UNION ALL SELECT IF(bad_utf8, 'bad_utf8', 'ok_utf8') FROM records WHERE kind = 'record'
        ) GROUP BY k""").collect()}
    if counts.get("header_error"):
        raise JobError(f"'{args.source}' has no header row")
    if args.encoding == "latin-1":
        encoding = "latin-1"
    elif args.encoding == "utf-8" or has_bom:
        encoding = "utf-8"
    else:
        encoding = "latin-1" if counts.get("bad_utf8", 0) > 0 else "utf-8"

    quarantined = {r: counts.get("q:" + r, 0) for r in QUARANTINE_REASONS}
    dropped = {r: counts.get("d:" + r, 0) for r in DROP_REASONS}
    rows_clean = counts.get("clean", 0)
    rows_quarantined = sum(quarantined.values())
    rows_read = rows_clean + sum(dropped.values()) + rows_quarantined
    report = {
        "rows_read": rows_read, "rows_clean": rows_clean, "dropped": dropped,
        "rows_quarantined": rows_quarantined, "quarantined": quarantined,
        "input": {"path": source, "size_bytes": size, "sha256": sha256, "encoding": encoding,
                  "blank_lines": counts.get("blank", 0)},
    }

    # quality/: written before the ratio check, as the native clean task does.
    sc.setJobDescription("quality: quarantine.csv and report.json")
    quarantine_rows = spark.sql("""
        SELECT line, reason, raw FROM records WHERE kind = 'reader_quarantine'
        UNION ALL SELECT line, q_reason, raw FROM evaluated WHERE q_reason IS NOT NULL
        ORDER BY line""").toLocalIterator()
    quality = os.path.join(out, "quality")
    staging = staging_dir(quality)
    os.makedirs(staging)
    with open(os.path.join(staging, "quarantine.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("line,reason,raw\r\n")
        for r in quarantine_rows:
            raw = rfc4180.decode_text(r["raw"].encode("latin-1"), encoding)
            f.write(f"{r['line']},{r['reason']},{quarantine_field(raw)}\r\n")
    with open(os.path.join(staging, "report.json"), "w", encoding="utf-8") as f:
        f.write(report_json(report))
    replace_dir(staging, quality)
    print(f"read {rows_read} rows: {rows_clean} clean, {sum(dropped.values())} dropped, "
          f"{rows_quarantined} quarantined (encoding {encoding})")
    ratio = rows_quarantined / rows_read if rows_read else 0.0
    if ratio > args.max_quarantine_ratio:
        raise JobError(f"{rows_quarantined} of {rows_read} rows quarantined, more than max_quarantine_ratio "
                       f"{args.max_quarantine_ratio}; see {quality}/quarantine.csv")

    # 4a. emr/sales, partitioned by year=YYYY/month=MM.
    sc.setJobDescription("emr/sales: partitioned Parquet")
    sales = spark.sql(sales_sql(encoding == "utf-8")).localCheckpoint()
    sales.createOrReplaceTempView("sales")
    emr_sales = os.path.join(out, "emr", "sales")
    staging = staging_dir(emr_sales)
    (sales.selectExpr("*", "lpad(CAST(year(invoice_ts) AS STRING), 4, '0') AS year",
                      "lpad(CAST(month(invoice_ts) AS STRING), 2, '0') AS month")
     .repartition("year", "month")
     .write.partitionBy("year", "month").option("compression", "snappy").parquet(staging))
    replace_dir(staging, emr_sales)

    # 4b. Aggregates: CSV (one file, written from the collected result) and Parquet (one part file).
    aggregates = os.path.join(out, "aggregates")
    staging = staging_dir(aggregates)
    os.makedirs(staging)
    for name, sql in AGGREGATES.items():
        sc.setJobDescription(f"aggregates: {name}")
        df = spark.sql(sql.format(top=int(args.top_products)))
        result = df.collect()
        money, group = MONEY_COLUMNS[name]
        for row in result:
            for column in money:
                if abs(row[column]) > Decimal(MONEY_MAX):
                    raise JobError(f"{name}: {column} of {row[group]} is {row[column]}, beyond DECIMAL(18,3)")
        with open(os.path.join(staging, name + ".csv"), "w", encoding="utf-8", newline="") as f:
            f.write(",".join(df.columns) + "\n")
            for row in result:
                f.write(",".join(csv_field(v) for v in row) + "\n")
        typed = df.selectExpr(*[f"CAST({c} AS {PARQUET_TYPES[c]}) AS {c}" if c in PARQUET_TYPES else c
                                for c in df.columns])
        part_dir = os.path.join(staging, f".{name}.parquet.d")
        typed.coalesce(1).write.option("compression", "snappy").parquet(part_dir)
        part = [p for p in os.listdir(part_dir) if p.endswith(".parquet")]
        os.rename(os.path.join(part_dir, part[0]), os.path.join(staging, name + ".parquet"))
        shutil.rmtree(part_dir)
    replace_dir(staging, aggregates)
    print(f"wrote {emr_sales}, {aggregates}, {quality}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--encoding", choices=["auto", "utf-8", "latin-1"], default="auto")
    parser.add_argument("--max-quarantine-ratio", type=float, default=0.01)
    parser.add_argument("--date-format", default="M/d/yyyy H:mm")
    parser.add_argument("--top-products", type=int, default=100)
    parser.add_argument("--drop", default=",".join(DROP_REASONS),
                        help="the drop rules to apply, comma-separated (default all: %(default)s); '' for none")
    args = parser.parse_args(argv)
    args.drop = [d.strip() for d in args.drop.split(",") if d.strip()]
    unknown = [d for d in args.drop if d not in DROP_REASONS]
    if unknown:
        parser.error(f"unknown drop rule(s) {', '.join(unknown)}; known: {', '.join(DROP_REASONS)}")
    if not 0 <= args.max_quarantine_ratio <= 1:
        parser.error("--max-quarantine-ratio must be between 0 and 1")
    spark = (SparkSession.builder.appName("retail-batch")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    if not spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
        # Spark's default of 200 shuffle partitions makes hundreds of empty tasks on a file this size;
        # use the cores we have unless the submitter chose a number.
        spark.conf.set("spark.sql.shuffle.partitions", str(max(1, spark.sparkContext.defaultParallelism)))
    # Spark 4 logs no application id in local mode; the spark_submit task type takes it from the
    # driver's output (output `application_id`), so say it.
    print(f"batch_spark: application id {spark.sparkContext.applicationId}", flush=True)
    try:
        run(spark, args)
    except JobError as error:
        print(f"batch_spark: {error}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
