#!/usr/bin/env python3
"""Writes small CSV files holding every edge case of the cleaning rules, for comparing the Spark
batch with the native one (see jobs/README.md):

    python3 jobs/edge_cases.py DIR     # DIR/edge_latin1.csv, DIR/edge_utf8.csv, DIR/edge_utf8_bom.csv

- edge_latin1.csv: Latin-1 bytes, CRLF and LF mixed, every quarantine reason (a >1 MiB record for
  record_too_long, an unterminated quote at the end), every drop rule, duplicates (quoted and
  unquoted spellings of the same bytes, and near-duplicates that differ only in blanks), customer
  ids `17850.0`/`17850.`/blank, blank and empty descriptions, ISO dates, limits of every range.
- edge_utf8.csv: valid UTF-8 without BOM (read as UTF-8 in auto mode), reordered columns with
  aliases (`Invoice`, `Price`, `Customer ID`) and an extra column.
- edge_utf8_bom.csv: UTF-8 with BOM, so invalid bytes are `invalid_encoding` in auto mode.
- edge_utf8_mixed.csv: the same without BOM: auto mode reads the whole file as Latin-1.
"""

import os
import sys

HEADER = b"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"


def row(inv=b"536365", stock=b"85123A", desc=b"WHITE HANGING HEART", qty=b"6", date=b"12/1/2010 8:26",
        price=b"2.55", cust=b"17850.0", country=b"United Kingdom"):
    return b",".join([inv, stock, desc, qty, date, price, cust, country])


def latin1_file():
    rows = [
        row(),                                                  # plain
        row(desc=b'"BAG, RED"', stock=b"22000"),                # quoted comma
        row(desc=b'"12"" RULER"', stock=b"22001"),              # doubled quote
        row(desc=b'"LINE ONE\nLINE TWO"', stock=b"22002"),      # LF inside quotes
        row(desc=b'"CR LF\r\nINSIDE"', stock=b"22003"),         # CRLF inside quotes
        row(desc=b"CAF\xc9 \xa3 SIGN", stock=b"22004"),         # Latin-1 bytes
        row(desc=b'AB"C', stock=b"22005"),                      # quote inside an unquoted field is data
        row(desc=b'"AB"C', stock=b"22006"),                     # text after the closing quote is data
        row(desc=b'""', stock=b"22007"),                        # empty description -> null
        row(desc=b"   ", stock=b"22008"),                       # blank description -> null
        row(desc=b"  PADDED  ", stock=b" 22009 ", inv=b" 536366 ", country=b" France "),
        row(cust=b"17850.", stock=b"22010"),
        row(cust=b" 12347.00 ", stock=b"22011"),
        row(cust=b"", stock=b"22012"),
        row(cust=b"Unknown", stock=b"22013"),
        row(cust=b"A17850.0", stock=b"22014"),                  # not digits: kept as is
        row(cust=b"17850.01", stock=b"22015"),                  # not zeros: kept as is
        row(inv=b"C536379", qty=b"-1"),                          # cancelled
        row(inv=b"c536380", qty=b"-1"),                          # lower-case c counts too (native rule)
        row(inv=b"A563185", price=b"-11062.06", qty=b"1"),      # bad debt
        row(qty=b"0", stock=b"22016"),
        row(qty=b"-5", stock=b"22017"),
        row(price=b"0", stock=b"22018"),
        row(price=b"-0.000", stock=b"22019"),
        row(price=b"0.001", stock=b"22020"),
        row(),                                                  # duplicate of the first row
        row(desc=b'"WHITE HANGING HEART"'),                     # same bytes once unquoted: duplicate
        row(desc=b"WHITE HANGING HEART "),                      # differs by a blank: kept
        row(qty=b"+6", stock=b"22021"),
        row(qty=b"6.0", stock=b"22022"),
        row(qty=b"6.", stock=b"22023"),
        row(qty=b" 7 ", price=b" 2.550 ", stock=b"22024"),
        row(qty=b"1000000000", stock=b"22025"),                 # the largest quantity
        row(qty=b"0001000000000", stock=b"22026", price=b"1"),
        row(qty=b"1000000001", stock=b"22027"),                 # out_of_range
        row(qty=b"99999999999999999999999", stock=b"22028"),    # out_of_range, huge
        row(qty=b"abc", stock=b"22029"),                        # bad_quantity
        row(qty=b"1.5", stock=b"22030"),
        row(qty=b"", stock=b"22031"),
        row(qty=b"-", stock=b"22032"),
        row(price=b"abc", stock=b"22033"),                      # bad_price
        row(price=b"1.2.3", stock=b"22034"),
        row(price=b"", stock=b"22035"),
        row(price=b".", stock=b"22036"),
        row(price=b"\xa32.55", stock=b"22037"),
        row(price=b"1e3", stock=b"22038"),
        row(price=b".5", stock=b"22039"),
        row(price=b"5.", stock=b"22040"),
        row(price=b"2.5500", stock=b"22041"),                   # trailing zeros: fine
        row(price=b"2.5501", stock=b"22042"),                   # price_precision
        row(price=b"999999999999999.999", qty=b"1", stock=b"22043", inv=b"C9"),  # the largest price (cancelled, so no sum overflows)
        row(price=b"999999999999999.999", qty=b"2", stock=b"22044"),   # revenue out_of_range
        row(price=b"1000000000000000", stock=b"22045"),         # price out_of_range
        row(price=b"1000000000000000.00001", stock=b"22046"),   # out_of_range before precision
        row(price=b"-999999999999999.999", qty=b"-1", inv=b"C1", stock=b"22047"),
        row(date=b"13/1/2010 8:26", stock=b"22048"),            # bad_date
        row(date=b"2/30/2011 10:00", stock=b"22049"),
        row(date=b"2/29/2011 10:00", stock=b"22050"),
        row(date=b"2/29/2012 10:00", stock=b"22051"),           # leap day: fine
        row(date=b"12/1/10 8:26", stock=b"22052"),
        row(date=b"12/1/2010 8:26:00", stock=b"22053"),
        row(date=b"12/1/2010 24:00", stock=b"22054"),
        row(date=b"12/1/2010 8:6", stock=b"22055"),
        row(date=b"2010-12-01 8:26", stock=b"22056"),
        row(date=b"2010-12-01 08:26", stock=b"22057"),          # ISO fallbacks
        row(date=b"2010-12-01 08:26:59", stock=b"22058"),
        row(date=b"2010-12-01T08:26", stock=b"22059"),
        row(date=b"2010-12-01T08:26:07", stock=b"22060"),
        row(date=b" 12/9/2011 23:59 ", stock=b"22061"),
        row(date=b"1/1/1899 0:00", stock=b"22062"),             # out_of_range
        row(date=b"2/29/0000 0:00", stock=b"22063"),            # year 0: out_of_range
        row(date=b"2/30/0000 0:00", stock=b"22064"),            # not a date at all: bad_date
        row(date=b"1/1/1900 0:00", stock=b"22065"),             # the first day kept
        row(date=b"12/31/9999 23:59", stock=b"22066"),          # the last day kept
        row(date=b"012/01/2010 8:26", stock=b"22067"),
        b"536370,22068,TOO FEW,1,12/1/2010 8:26,1.00,12583",   # field_count
        b"536370,22069,TOO,MANY,1,12/1/2010 8:26,1.00,12583,France",
        b" ",                                                   # a blank is not an empty line: field_count
        row(inv=b"536371", country=b"EIRE", cust=b"14911.0", stock=b"22070", price=b"12.345", qty=b"3"),
        row(inv=b"536372", country=b"Germany", cust=b"12662", stock=b"22071", date=b"1/5/2011 10:00"),
        row(inv=b"536373", country=b"\xc9ire", cust=b"12663", stock=b"22072", date=b"3/5/2011 10:00"),
        row(desc=b"x" * (1 << 20), stock=b"22073"),             # record_too_long
        row(stock=b"22074", desc=b"AFTER THE LONG ONE"),
    ]
    lines = [HEADER]
    for k, r in enumerate(rows):
        lines.append(r)
        if k == 3:
            lines.append(b"")     # blank lines are skipped but counted
        if k == 7:
            lines.append(b"\r")
    body = b""
    for k, line in enumerate(lines):
        body += line + (b"\n" if k % 3 == 0 else b"\r\n")
    body += row(stock=b"22075", desc=b'"NEVER CLOSED\r\nSTILL OPEN').rstrip() + b"\r\n"
    return body


def utf8_file(bom):
    header = b"Country,Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Extra"

    def r(inv, stock, desc, qty, date, price, cust, country, extra=b"x"):
        return b",".join([country, inv, stock, desc, qty, date, price, cust, extra])

    rows = [
        r(b"1", b"S1", "CAFÉ CRÈME".encode(), b"2", b"12/1/2010 8:26", b"1.25", b"17850.0", b"France"),
        r(b"2", b"S2", "日本の箱".encode(), b"3", b"12/2/2010 9:00", b"2.50", b"17851", "Österreich".encode()),
        r(b"3", b"S3", "BAD \xe9 BYTE".encode("latin-1"), b"1", b"12/3/2010 9:00", b"1", b"17852", b"Spain"),
        r(b"4", b"S4", "\xed\xa0\x80 SURROGATE".encode("latin-1"), b"1", b"12/3/2010 9:00", b"1", b"17853", b"Spain"),
        r(b"5", b"S1", "CAFÉ CRÈME".encode(), b"2", b"12/5/2010 8:26", b"1.25", b"17850", b"France"),
        r(b"6", b"S1", "CAFE CREME".encode(), b"2", b"12/5/2010 8:26", b"1.25", b"17850", b"France"),
        r(b"7", b"S5", b'"QUOTED, \xe2\x82\xac"', b"4", b"2011-01-01 00:00", b"0.5", b"", "Österreich".encode()),
    ]
    body = (b"\xef\xbb\xbf" if bom else b"") + header + b"\r\n"
    body += b"\r\n".join(rows) + b"\r\n"
    return body


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    files = {"edge_latin1.csv": latin1_file(), "edge_utf8_bom.csv": utf8_file(True),
             # Without the invalid rows, so auto mode reads it as UTF-8.
             "edge_utf8_mixed.csv": utf8_file(False),   # invalid bytes without BOM: the whole file is Latin-1
             "edge_utf8.csv": b"\r\n".join(l for l in utf8_file(False).split(b"\r\n")
                                           if b"BYTE" not in l and b"SURROGATE" not in l)}
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(os.path.join(out, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
