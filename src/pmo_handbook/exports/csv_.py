"""CSV of a format: UTF-8 with a BOM and CRLF line ends, which Excel on Windows opens as
Japanese text without an import wizard."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from pmo_handbook.tabular.columns import Table

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)  # numbers stay numbers


def csv_bytes(table: Table, rows: Iterable[Sequence[object]] = ()) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_text(h) for h in table.headers()])
    for values in rows:
        writer.writerow([_text(v) for v in values])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
