#!/usr/bin/env python3
"""Run the EMR export in a real Spark, as an analyst on EMR would.

    scripts/check_emr_spark.py OUT

OUT is a batch output folder (batch.yaml or batch_spark.yaml) whose export_emr ran with
`location` pointing at OUT/emr/sales (a file: URI). In Spark SQL with Hive support (a Derby
metastore and a warehouse in a temporary folder), this script:
- runs every statement of OUT/emr/create_tables.sql (CREATE EXTERNAL TABLE, MSCK REPAIR TABLE);
- checks the table's partitions and row count against the Parquet folders and quality/report.json;
- runs every SQL paragraph of OUT/emr/zeppelin_note.zpln in order, and checks each query
  returns rows without error;
- checks the "Monthly revenue" paragraph against aggregates/monthly_revenue.csv, to the cent.
Prints one JSON object; exit 0 when every check holds, 1 otherwise.
"""

import csv
import decimal
import json
import os
import sys
import tempfile

from pyspark.sql import SparkSession


def statements(sql_text):
    """The statements of a .sql file: comment lines dropped, split on ';'."""
    lines = [line for line in sql_text.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def sql_paragraphs(note):
    """(title, sql) of each %spark.sql / %sql paragraph of a Zeppelin note, in order."""
    found = []
    for paragraph in note.get("paragraphs", []):
        text = paragraph.get("text", "")
        first, _, rest = text.partition("\n")
        if first.strip() in ("%spark.sql", "%sql"):
            found.append((paragraph.get("title", "?"), rest.strip().rstrip(";")))
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = os.path.abspath(sys.argv[1])
    problems = []
    result = {"problems": problems}
    scratch = tempfile.mkdtemp(prefix="emr-hive-")
    os.chdir(scratch)  # Derby writes derby.log into the working folder
    spark = (SparkSession.builder.master("local[2]").appName("check_emr")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
             .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                     "jdbc:derby:;databaseName=%s;create=true" % os.path.join(scratch, "metastore_db"))
             .enableHiveSupport().getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        with open(os.path.join(out, "emr", "create_tables.sql"), encoding="utf-8") as handle:
            ddl = statements(handle.read())
        result["ddl_statements"] = len(ddl)
        for statement in ddl:
            spark.sql(statement)
        location = spark.sql("DESCRIBE FORMATTED sales").where("col_name = 'Location'").collect()
        result["location"] = location[0]["data_type"] if location else None
        partitions = [row[0] for row in spark.sql("SHOW PARTITIONS sales").collect()]
        folders = sorted("%s/%s" % (year, month)
                         for year in os.listdir(os.path.join(out, "emr", "sales")) if year.startswith("year=")
                         for month in os.listdir(os.path.join(out, "emr", "sales", year)) if month.startswith("month="))
        result["partitions"] = len(partitions)
        if sorted(partitions) != folders:
            problems.append("SHOW PARTITIONS %s differs from the folders %s" % (sorted(partitions)[:5], folders[:5]))
        rows = spark.sql("SELECT count(*) FROM sales").collect()[0][0]
        with open(os.path.join(out, "quality", "report.json"), encoding="utf-8") as handle:
            clean = json.load(handle)["rows_clean"]
        result["rows"] = rows
        if rows != clean:
            problems.append("the table has %d rows, the quality report %d clean rows" % (rows, clean))

        with open(os.path.join(out, "emr", "zeppelin_note.zpln"), encoding="utf-8") as handle:
            note = json.load(handle)
        paragraphs = sql_paragraphs(note)
        result["paragraphs"] = {}
        monthly = None
        for title, sql in paragraphs:
            try:
                collected = spark.sql(sql).collect()
            except Exception as error:  # noqa: BLE001 - every paragraph error is reported
                problems.append("paragraph %r failed: %s" % (title, str(error).splitlines()[0]))
                continue
            result["paragraphs"][title] = len(collected)
            is_query = sql.lstrip().upper().startswith(("SELECT", "WITH"))
            if is_query and not collected:
                problems.append("paragraph %r returned no rows" % title)
            if title == "Monthly revenue":
                monthly = collected
        if not any(sql.lstrip().upper().startswith(("SELECT", "WITH")) for _, sql in paragraphs):
            problems.append("the note has no query paragraph")
        if monthly is None:
            problems.append("the note has no 'Monthly revenue' paragraph")
        else:
            with open(os.path.join(out, "aggregates", "monthly_revenue.csv"), encoding="utf-8") as handle:
                expected = [(row["month"], decimal.Decimal(row["revenue"])) for row in csv.DictReader(handle)]
            seen = [(row["month"], decimal.Decimal(row["revenue"])) for row in monthly]
            if seen != expected:
                problems.append("monthly revenue in Spark %s differs from monthly_revenue.csv %s" % (seen[:3], expected[:3]))
            result["months_compared"] = len(seen)
    finally:
        spark.stop()
    print(json.dumps(result, sort_keys=True))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
