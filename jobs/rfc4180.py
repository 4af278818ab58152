"""RFC 4180 record assembly with the native reader's exact rules (Sources/RetailData/CSVScanner.swift).

Pure Python, no Spark imports: the Spark job ships these functions to its executors, and they can be
tested on their own. Everything works on `bytes`, so no encoding is assumed here.

The rules, as the native scanner applies them:
- Records end at LF outside quotes. One CR before that LF is not part of the record.
- A quote opens a quoted section only as the first byte of a field. Inside it, `""` is a quote and
  a lone `"` closes it; LF inside it is data (and moves the physical line counter).
- After the closing quote, anything up to the next comma is data, quotes included (`"ab"c` is `abc`).
- A quote in the middle of an unquoted field is data.
- An empty record (`` or a lone CR) is a blank line: not a record, but it counts as a line.
- A quoted section still open at the end of the file makes the rest of the file one
  `unterminated_quote` record.
"""

QUOTE = 0x22
COMMA = 0x2C
CR = 0x0D

# Start/end states of a physical line: 0 = a new record starts here, 1 = inside a quoted field.
OUTSIDE, INSIDE = 0, 1


def line_end_state(line: bytes, state: int) -> int:
    """The state after `line` (without its LF) when it starts in `state`."""
    if QUOTE not in line:
        return state  # no quote: nothing opens or closes
    inside = state == INSIDE
    at_field_start = not inside
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if inside:
            if c == QUOTE:
                if i + 1 < n and line[i + 1] == QUOTE:
                    i += 2
                    continue
                inside = False
                at_field_start = False
            i += 1
            continue
        if c == COMMA:
            at_field_start = True
        elif c == QUOTE and at_field_start:
            inside = True
            at_field_start = False
        else:
            at_field_start = False
        i += 1
    return INSIDE if inside else OUTSIDE


def split_fields(content: bytes) -> list:
    """The fields of one complete record (no final line break), unquoted as the native reader does."""
    if QUOTE not in content:
        return content.split(b",")
    fields = []
    out = bytearray()
    i = 0
    n = len(content)
    at_field_start = True
    inside = False
    while i < n:
        c = content[i]
        if inside:
            if c == QUOTE:
                if i + 1 < n and content[i + 1] == QUOTE:
                    out.append(QUOTE)
                    i += 2
                    continue
                inside = False
                i += 1
                continue
            out.append(c)
            i += 1
            continue
        if c == COMMA:
            fields.append(bytes(out))
            out = bytearray()
            at_field_start = True
            i += 1
            continue
        if c == QUOTE and at_field_start:
            inside = True
        else:
            out.append(c)
        at_field_start = False
        i += 1
    fields.append(bytes(out))
    return fields


def record_content(lines: list) -> bytes:
    """The record's bytes from its physical lines (LFs between them kept), without a final CR."""
    content = b"\n".join(lines)
    if content and content[-1] == CR:
        content = content[:-1]
    return content


def is_valid_utf8(data: bytes) -> bool:
    """Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF): Python's codec is strict."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def normalized_column(name: str) -> str:
    """Header cell as the native reader compares it: blanks, `_`, `-` and BOM removed, ASCII lower-cased."""
    out = []
    for ch in name:
        if ch in (" ", "\t", "_", "-", "\ufeff"):
            continue
        if "A" <= ch <= "Z":
            ch = chr(ord(ch) + 32)
        out.append(ch)
    return "".join(out)


# The eight columns in RawSalesRecord order, with their aliases (RetailColumns.swift).
RETAIL_COLUMNS = [
    ("InvoiceNo", ["Invoice"]),
    ("StockCode", []),
    ("Description", []),
    ("Quantity", []),
    ("InvoiceDate", []),
    ("UnitPrice", ["Price"]),
    ("CustomerID", []),
    ("Country", []),
]


def map_header(cells: list) -> tuple:
    """(indices of the eight columns in `cells`, missing column names)."""
    keys = [normalized_column(c) for c in cells]
    indices, missing = [], []
    for name, aliases in RETAIL_COLUMNS:
        key = normalized_column(name)
        if key in keys:
            indices.append(keys.index(key))
            continue
        alias_keys = {normalized_column(a) for a in aliases}
        found = next((i for i, k in enumerate(keys) if k in alias_keys), None)
        if found is None:
            missing.append(name)
        else:
            indices.append(found)
    return indices, missing


def decode_text(data: bytes, encoding: str) -> str:
    """TextDecoding.string: UTF-8 when the file was read as UTF-8 and the bytes are valid, else Latin-1."""
    if encoding == "utf-8":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")
